import { Readable } from 'node:stream';
import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Permission } from '@backstage/plugin-permission-common';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import { fetchFromPlugin } from '@controlplane/backend-common';

/** The largest page the portal's list routes answer. */
const PAGE_LIMIT = 200;
/** 200,000 objects of one kind at most: a guard against a cursor that loops. */
const MAX_PAGES = 1_000;

/**
 * Where one kind of control-plane object comes from and how it becomes a
 * search document: a list route of a domain plugin, read with this
 * backend's service credentials.
 */
export interface PluginCollatorSource<
  TItem,
  TDocument extends IndexableDocument,
> {
  /** The search type of the documents, e.g. `tenant`. */
  type: string;
  /** The plugin whose REST API lists the objects, e.g. `tenants`. */
  pluginId: string;
  /** The list route below the plugin's base URL, e.g. `/tenants`. */
  path: string;
  /** Query parameters of every request, e.g. which statuses to list. */
  query?: Record<string, string>;
  /**
   * Whether the route pages with `limit` and `cursor` (answering
   * `nextCursor` while more follow); otherwise it answers every item at once.
   */
  paged: boolean;
  /**
   * The permission a user needs to find these documents: the plugin's read
   * permission. For a resource permission every document names its resource
   * (`authorization.resourceRef`), so the search backend applies the same
   * conditions (tenant scoping) as the plugin's own routes.
   */
  visibilityPermission: Permission;
  /** The search document of one listed object. */
  toDocument(item: TItem): TDocument;
}

/** The services a collator reads a plugin's REST API with. */
export interface PluginCollatorDeps {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
}

/**
 * A search collator for one kind of control-plane object. Plugins never read
 * each other's tables: it pages through the owning plugin's list route over
 * REST with the search backend's own service credentials (services may read
 * every list; users' permissions are applied at query time, see
 * `visibilityPermission`).
 *
 * A plugin that answers with an error, or cannot be reached, fails this
 * collation only: the search engine keeps the documents it had, and the
 * other kinds are collated on their own schedule. A plugin that is not
 * installed (404 on its list route) yields no documents, with one warning.
 */
export class PluginCollatorFactory<TItem, TDocument extends IndexableDocument>
  implements DocumentCollatorFactory
{
  readonly type: string;
  readonly visibilityPermission: Permission;
  readonly #source: PluginCollatorSource<TItem, TDocument>;
  readonly #deps: PluginCollatorDeps;
  #warnedNotInstalled = false;

  constructor(
    source: PluginCollatorSource<TItem, TDocument>,
    deps: PluginCollatorDeps,
  ) {
    this.type = source.type;
    this.visibilityPermission = source.visibilityPermission;
    this.#source = source;
    this.#deps = deps;
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  /** Every document of this kind, one page of the plugin's list at a time. */
  async *documents(): AsyncGenerator<TDocument> {
    for await (const item of this.#items()) {
      yield this.#source.toDocument(item);
    }
  }

  async *#items(): AsyncGenerator<TItem> {
    const { pluginId, path, paged } = this.#source;
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({
        ...this.#source.query,
        ...(paged ? { limit: String(PAGE_LIMIT) } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const search = query.toString();
      const target = search ? `${path}?${search}` : path;
      const response = await fetchFromPlugin(this.#deps, pluginId, target);
      if (response.status === 404 && page === 0) {
        this.#warnNotInstalled();
        return;
      }
      if (!response.ok) {
        throw new Error(
          `GET /api/${pluginId}${target} answered ${response.status} ${response.statusText}`,
        );
      }
      this.#warnedNotInstalled = false;
      const body = (await response.json()) as {
        items?: TItem[];
        nextCursor?: string;
      };
      if (!Array.isArray(body.items)) {
        throw new Error(`GET /api/${pluginId}${target} answered no items`);
      }
      yield* body.items;
      cursor = paged ? body.nextCursor : undefined;
      if (!cursor) return;
    }
    throw new Error(
      `GET /api/${pluginId}${path} kept answering a next page after ${MAX_PAGES} pages`,
    );
  }

  #warnNotInstalled() {
    if (this.#warnedNotInstalled) return;
    this.#warnedNotInstalled = true;
    this.#deps.logger.warn(
      `No ${this.type} documents: the ${
        this.#source.pluginId
      } plugin answers 404 on ${this.#source.path} (not installed?)`,
    );
  }
}
