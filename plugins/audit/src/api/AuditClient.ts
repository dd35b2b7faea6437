import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import {
  Acknowledgement,
  AuditAccess,
  AuditApiPaths,
  AuditRecord,
  AuditRecordPage,
  CheckpointPage,
  VerifyReport,
} from '@controlplane/plugin-audit-common';
import {
  AuditApi,
  AuditExport,
  AuditFilters,
  ExportFormat,
  PageRequest,
} from './AuditApi';

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
  private readonly api: OpenApiClient<AuditApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'audit' });
  }

  listRecords(
    filters: AuditFilters,
    page: PageRequest & { includeTotal?: boolean } = {},
  ): Promise<AuditRecordPage> {
    return this.api.call('get', '/logs', {
      query: {
        ...filters,
        sort: 'desc',
        limit: page.limit,
        cursor: page.cursor,
        includeTotal: page.includeTotal ? 'true' : undefined,
      },
    });
  }

  getRecord(id: string): Promise<AuditRecord> {
    return this.api.call('get', '/logs/{id}', { path: { id } });
  }

  getResourceTimeline(
    resourceType: string,
    resourceId: string,
    page: PageRequest = {},
  ): Promise<AuditRecordPage> {
    return this.api.call('get', '/resources/{type}/{id}', {
      path: { type: resourceType, id: resourceId },
      query: { limit: page.limit, cursor: page.cursor },
    });
  }

  async exportRecords(
    filters: AuditFilters,
    options: { format: ExportFormat; includeDetails: boolean },
  ): Promise<AuditExport> {
    const { from, to, ...rest } = filters;
    const response = await this.api.fetchRaw('/export', {
      query: {
        format: options.format,
        ...rest,
        start_date: from,
        end_date: to,
        include_details: options.includeDetails ? 'true' : 'false',
      },
    });
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

  getAccess(): Promise<AuditAccess> {
    return this.api.call('get', '/access');
  }

  verifyChain(): Promise<VerifyReport> {
    return this.api.call('get', '/verify');
  }

  acknowledgeBrokenRange(range: {
    fromSeq: number;
    toSeq: number;
    reason: string;
  }): Promise<Acknowledgement> {
    return this.api.call('post', '/verify/acknowledgements', { body: range });
  }

  listCheckpoints(page: PageRequest = {}): Promise<CheckpointPage> {
    return this.api.call('get', '/checkpoints', {
      query: { limit: page.limit, cursor: page.cursor },
    });
  }
}
