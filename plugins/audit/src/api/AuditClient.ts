import {
  PluginApiClient,
  PluginApiClientOptions,
  queryString,
} from '@controlplane/frontend-common';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import {
  AuditAccess,
  AuditApi,
  AuditExport,
  AuditFilters,
  AuditRecordPage,
  ChainVerification,
  CheckpointPage,
  ExportFormat,
  PageRequest,
} from './AuditApi';

const enc = encodeURIComponent;

/** The file name of a `Content-Disposition: attachment; filename="..."`. */
function attachmentName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1].trim();
}

/** Talks to the audit backend through the app's fetch and discovery APIs. */
export class AuditClient implements AuditApi {
  private readonly backend: PluginApiClient;

  constructor(options: PluginApiClientOptions) {
    this.backend = new PluginApiClient({ ...options, pluginId: 'audit' });
  }

  async listRecords(
    filters: AuditFilters,
    page: PageRequest & { includeTotal?: boolean } = {},
  ): Promise<AuditRecordPage> {
    const response = await this.backend.fetch(
      `/logs${queryString({
        ...filters,
        sort: 'desc',
        limit: page.limit,
        cursor: page.cursor,
        includeTotal: page.includeTotal || undefined,
      })}`,
    );
    return (await response.json()) as AuditRecordPage;
  }

  async getRecord(id: string): Promise<AuditRecord> {
    const response = await this.backend.fetch(`/logs/${enc(id)}`);
    return (await response.json()) as AuditRecord;
  }

  async getResourceTimeline(
    resourceType: string,
    resourceId: string,
    page: PageRequest = {},
  ): Promise<AuditRecordPage> {
    const response = await this.backend.fetch(
      `/resources/${enc(resourceType)}/${enc(resourceId)}${queryString({
        limit: page.limit,
        cursor: page.cursor,
      })}`,
    );
    return (await response.json()) as AuditRecordPage;
  }

  async exportRecords(
    filters: AuditFilters,
    options: { format: ExportFormat; includeDetails: boolean },
  ): Promise<AuditExport> {
    const { from, to, ...rest } = filters;
    const response = await this.backend.fetch(
      `/export${queryString({
        format: options.format,
        ...rest,
        start_date: from,
        end_date: to,
        include_details: options.includeDetails,
      })}`,
    );
    return {
      blob: await response.blob(),
      // Cross-origin, the header is only readable when CORS exposes it.
      filename:
        attachmentName(response.headers.get('Content-Disposition')) ??
        `audit-export-${new Date().toISOString().replace(/[:.]/g, '-')}.${
          options.format
        }`,
    };
  }

  async getAccess(): Promise<AuditAccess> {
    const response = await this.backend.fetch('/access');
    return (await response.json()) as AuditAccess;
  }

  async verifyChain(): Promise<ChainVerification> {
    const response = await this.backend.fetch('/verify');
    return (await response.json()) as ChainVerification;
  }

  async listCheckpoints(page: PageRequest = {}): Promise<CheckpointPage> {
    const response = await this.backend.fetch(
      `/checkpoints${queryString({ limit: page.limit, cursor: page.cursor })}`,
    );
    return (await response.json()) as CheckpointPage;
  }
}
