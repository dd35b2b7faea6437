import { createServiceRef } from '@backstage/backend-plugin-api';
import { AuditEventInput } from '@controlplane/plugin-audit-common';

/** Makes audit events durable; implemented by the audit backend's store. */
export interface AuditEventWriter {
  /** Appends the events to the chain in order, in one transaction. */
  write(events: AuditEventInput[]): Promise<void>;
}

/**
 * The root service between every plugin's auditor and the audit store. The
 * audit backend attaches its writer when it starts; events recorded before
 * that wait for it.
 */
export interface AuditTrailService {
  /** Called once by the audit backend when its store is ready. */
  attachWriter(writer: AuditEventWriter): void;
  /** Resolves when the event is durable. */
  record(event: AuditEventInput): Promise<void>;
}

export const auditTrailServiceRef = createServiceRef<AuditTrailService>({
  id: 'controlplane.audit-trail',
  scope: 'root',
});
