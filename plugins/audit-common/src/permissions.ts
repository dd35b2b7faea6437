import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of audit records, scoped by tenant. */
export const AUDIT_EVENT_RESOURCE_TYPE = 'audit-event';

/**
 * Read audit records (list, one record, a resource's timeline). A resource
 * permission: tenant-scoped auditors see only their tenant's records.
 */
export const auditLogReadPermission = createPermission({
  name: 'audit.log.read',
  attributes: { action: 'read' },
  resourceType: AUDIT_EVENT_RESOURCE_TYPE,
});

/** Export audit records as CSV or JSON; tenant-scoped like reading. */
export const auditLogExportPermission = createPermission({
  name: 'audit.log.export',
  attributes: { action: 'read' },
  resourceType: AUDIT_EVENT_RESOURCE_TYPE,
});

/** Verify the whole hash chain and list the signed checkpoints. */
export const auditChainVerifyPermission = createPermission({
  name: 'audit.chain.verify',
  attributes: { action: 'read' },
});

/**
 * Acknowledge a known broken range of the chain with a signed annotation
 * (nothing is deleted). Platform-wide, apart from verifying: an auditor who
 * finds a break does not also excuse it.
 */
export const auditChainAcknowledgePermission = createPermission({
  name: 'audit.chain.acknowledge',
  attributes: { action: 'create' },
});

export const auditPermissions = [
  auditLogReadPermission,
  auditLogExportPermission,
  auditChainVerifyPermission,
  auditChainAcknowledgePermission,
];

/** Descriptions shown next to the permissions in the API and the UI. */
export const auditPermissionDescriptions: Record<string, string> = {
  [auditLogReadPermission.name]:
    'Read audit records and resource timelines (tenant-scoped grants see only their tenant)',
  [auditLogExportPermission.name]:
    'Export audit records as CSV or JSON with their hash chain (tenant-scoped grants export only their tenant)',
  [auditChainVerifyPermission.name]:
    'Verify the integrity of the whole audit hash chain and list its signed checkpoints',
  [auditChainAcknowledgePermission.name]:
    'Acknowledge a known broken range of the audit hash chain with a signed, audited annotation (nothing is deleted)',
};
