import {
  Fragment,
  MouseEventHandler,
  ReactNode,
  useEffect,
  useState,
} from 'react';
import { useApiHolder, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  defaultEntityPresentation,
  EntityDisplayName,
  entityPresentationApiRef,
  EntityRefLink,
  entityRouteRef,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';

/**
 * The kinds of the portal's catalog: Backstage's own and the control plane's
 * (agents, apps, deployments, tenants). A ref of one of these kinds names a
 * catalog entity; any other (`tenant-user:acme/u1`, `plugin:tenants`,
 * `service:...`, an id an app gave its own user) does not.
 */
const CATALOG_KINDS = new Set([
  'user',
  'group',
  'component',
  'api',
  'system',
  'domain',
  'resource',
  'location',
  'template',
  'agent',
  'app',
  'deployment',
  'tenant',
]);

/** `kind:namespace/name` or `kind:name`, split; no kind without a colon. */
function refParts(ref: string): {
  kind?: string;
  namespace?: string;
  name: string;
} {
  let colon = ref.indexOf(':');
  // As the catalog reads refs: a `/` ahead of the `:` starts the name.
  if (ref.indexOf('/') >= 0 && ref.indexOf('/') < colon) colon = -1;
  const kind = colon > 0 ? ref.slice(0, colon) : undefined;
  const rest = colon > 0 ? ref.slice(colon + 1) : ref;
  const slash = rest.indexOf('/');
  return slash > 0
    ? { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) }
    : { kind, name: rest };
}

/**
 * How the portal names a ref that is not a catalog entity, readably:
 * `tenant-user:acme/u1` is `u1 (acme tenant user)`, `plugin:tenants` the
 * `tenants plugin`, `external:ci` is `ci (external service)`,
 * `service:<subject>` the `<subject> service`; other ids as they are. Undefined for a ref of a catalog entity (`user:ada`,
 * `group:default/team-apps`, `app:billing-sync`; with `defaultKind`, also a
 * bare name such as `ada`), which the catalog names.
 */
export function nonCatalogRefText(
  ref: string,
  defaultKind?: string,
): string | undefined {
  const { kind, namespace, name } = refParts(ref.trim());
  const effectiveKind = (kind ?? defaultKind)?.toLocaleLowerCase('en-US');
  if (effectiveKind && CATALOG_KINDS.has(effectiveKind) && name) {
    return undefined;
  }
  switch (kind?.toLocaleLowerCase('en-US')) {
    case 'tenant-user':
      return namespace ? `${name} (${namespace} tenant user)` : name;
    case 'plugin':
      return `${name} plugin`;
    case 'service':
      return `${ref.slice(ref.indexOf(':') + 1)} service`;
    case 'external':
      return `${name} (external service)`;
    default:
      return ref;
  }
}

/**
 * A catalog ref with its kind: the catalog's presentation API parses the ref
 * itself and needs one (`ada` with the default kind `user` is `user:ada`).
 */
const withKind = (ref: string, defaultKind?: string) =>
  defaultKind && refParts(ref).kind === undefined
    ? `${defaultKind}:${ref}`
    : ref;

/** Props of {@link EntityName}. */
export interface EntityNameProps {
  /**
   * An entity ref (`group:default/team-apps`) or any other actor id the
   * portal records (`tenant-user:acme/u1`, `plugin:tenants`, `app:name`).
   */
  entityRef: string;
  /** The kind of a ref given without one, e.g. `user` for `ada`. */
  defaultKind?: string;
  /** Leaves out the kind's icon the catalog shows before the name. */
  hideIcon?: boolean;
  /**
   * Whether a catalog entity's name links to its page (default true); false
   * inside another link or a button.
   */
  link?: boolean;
  /** Called on a click of the link, e.g. to stop a table row's own click. */
  onClick?: MouseEventHandler<HTMLElement>;
}

/**
 * Who or what a ref names, as people know it: a catalog entity as a link to
 * its catalog page showing its display name or title (Backstage's
 * `EntityRefLink`, through the entity presentation API), or only the name
 * when the catalog's pages are not installed or `link` is false; any other
 * actor in a readable text form ({@link nonCatalogRefText}), the raw ref as
 * its tooltip. The one place that decides which refs the catalog knows.
 */
export const EntityName = (props: EntityNameProps) => {
  const { entityRef, defaultKind, hideIcon, link = true, onClick } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const text = nonCatalogRefText(entityRef, defaultKind);
  if (text !== undefined) return <span title={entityRef}>{text}</span>;
  const ref = withKind(entityRef.trim(), defaultKind);
  return link && entityRoute ? (
    <EntityRefLink
      entityRef={ref}
      defaultKind={defaultKind}
      hideIcon={hideIcon}
      onClick={onClick}
    />
  ) : (
    <EntityDisplayName
      entityRef={ref}
      defaultKind={defaultKind}
      hideIcon={hideIcon}
    />
  );
};

/**
 * Several refs, each as {@link EntityName}, separated by commas (as
 * Backstage's `EntityRefLinks`); `empty` (default `none`) when there are
 * none.
 */
export const EntityNames = (props: {
  entityRefs: readonly string[];
  defaultKind?: string;
  hideIcon?: boolean;
  empty?: ReactNode;
}) => {
  const { entityRefs, empty = 'none', ...rest } = props;
  if (entityRefs.length === 0) return <>{empty}</>;
  return (
    <>
      {entityRefs.map((ref, index) => (
        <Fragment key={`${index}:${ref}`}>
          {index > 0 && ', '}
          <EntityName entityRef={ref} {...rest} />
        </Fragment>
      ))}
    </>
  );
};

/** What {@link useEntityNameText} presents in place of a non-catalog ref. */
const NO_ENTITY: Parameters<typeof useEntityPresentation>[0] = {
  apiVersion: 'v1',
  kind: 'Unknown',
  metadata: { name: 'unknown' },
};

/**
 * The name {@link EntityName} shows, as a string, for places that take
 * text only (labels, option lists, a dialog's title).
 */
export function useEntityNameText(entityRef: string, defaultKind?: string) {
  const text = nonCatalogRefText(entityRef, defaultKind);
  // Always called, as hooks are; for other actors on an entity given whole,
  // which the presentation API does not look up in the catalog.
  const { primaryTitle } = useEntityPresentation(
    text === undefined ? withKind(entityRef.trim(), defaultKind) : NO_ENTITY,
    { defaultKind },
  );
  return text ?? primaryTitle;
}

/**
 * {@link useEntityNameText} for a list of refs, such as a table's rows
 * (hooks cannot be called per row): a function from each ref to its name,
 * the ref's shortened form until the catalog has answered.
 */
export function useEntityNameTexts(
  entityRefs: readonly string[],
  defaultKind?: string,
): (entityRef: string) => string {
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const catalogRefs = [...new Set(entityRefs)].filter(
    ref => nonCatalogRefText(ref, defaultKind) === undefined,
  );
  const key = catalogRefs.join('\n');
  const [names, setNames] = useState<Record<string, string>>({});

  useEffect(() => {
    if (!presentation || catalogRefs.length === 0) return undefined;
    let current = true;
    Promise.all(
      catalogRefs.map(async ref => {
        const { promise } = presentation.forEntity(
          withKind(ref.trim(), defaultKind),
          { defaultKind },
        );
        return [ref, (await promise).primaryTitle] as const;
      }),
    ).then(
      entries => {
        if (current) setNames(Object.fromEntries(entries));
      },
      // Unnamed refs keep their shortened form.
      () => undefined,
    );
    return () => {
      current = false;
    };
    // `key` stands for `catalogRefs`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [presentation, key, defaultKind]);

  return entityRef =>
    nonCatalogRefText(entityRef, defaultKind) ??
    names[entityRef] ??
    defaultEntityPresentation(withKind(entityRef.trim(), defaultKind), {
      defaultKind,
    }).primaryTitle;
}
