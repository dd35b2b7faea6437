import type {
  Environment,
  FlagSummary,
  FlagValue,
  Plan,
  Rule,
  Variant,
} from '@controlplane/plugin-flags-common';

/** PostgreSQL reads timestamps back as Dates, SQLite as the ISO strings written. */
export type DbTime = Date | string;

export const toIso = (value: DbTime) => new Date(value).toISOString();

/** A row of `flags` (see migrations/). */
export interface FlagRow {
  key: string;
  description: string | null;
  type: FlagSummary['type'];
  variants: string;
  default_variant: string;
  off_variant: string;
  owner: string | null;
  tags: string;
  environments: string;
  lifecycle: FlagSummary['lifecycle'];
  killed: boolean | number;
  /** bigint: a string on PostgreSQL. */
  revision: number | string;
  created_by: string;
  created_at: DbTime;
  updated_at: DbTime;
}

/** A row of `flag_values`. */
export interface FlagValueRow {
  flag_key: string;
  environment: Environment;
  layer: FlagValue['layer'];
  subject: string;
  variant: string;
  rules: string;
  updated_by: string;
  updated_at: DbTime;
}

/** A flag's definition as stored, with its variants. */
export type StoredFlag = Omit<
  FlagSummary,
  'potentiallyStale' | 'lastEvaluatedAt'
> & {
  variants: Variant[];
};

export function toStoredFlag(row: FlagRow): StoredFlag {
  return {
    key: row.key,
    ...(row.description !== null ? { description: row.description } : {}),
    type: row.type,
    variants: JSON.parse(row.variants),
    defaultVariant: row.default_variant,
    offVariant: row.off_variant,
    ...(row.owner !== null ? { owner: row.owner } : {}),
    tags: JSON.parse(row.tags),
    environments: JSON.parse(row.environments),
    lifecycle: row.lifecycle,
    killed: Boolean(row.killed),
    revision: Number(row.revision),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function toFlagRow(flag: StoredFlag): FlagRow {
  return {
    key: flag.key,
    description: flag.description ?? null,
    type: flag.type,
    variants: JSON.stringify(flag.variants),
    default_variant: flag.defaultVariant,
    off_variant: flag.offVariant,
    owner: flag.owner ?? null,
    tags: JSON.stringify(flag.tags),
    environments: JSON.stringify(flag.environments),
    lifecycle: flag.lifecycle,
    killed: flag.killed,
    revision: flag.revision,
    created_by: flag.createdBy,
    created_at: flag.createdAt,
    updated_at: flag.updatedAt,
  };
}

export function toFlagValue(row: FlagValueRow): FlagValue {
  const subjects = {
    plan: { plan: row.subject as Plan },
    tenant: { tenant: row.subject },
    environment: {},
  };
  const subject = subjects[row.layer];
  return {
    environment: row.environment,
    target:
      row.layer === 'environment' ? 'default' : `${row.layer}:${row.subject}`,
    layer: row.layer,
    ...subject,
    variant: row.variant,
    rules: JSON.parse(row.rules) as Rule[],
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
  };
}
