/*
 * What the permission policy costs users: the throughput of a permission-
 * checked endpoint, GET /api/tenants/tenants (the first page of tenants the
 * caller may read: one conditional decision, applied as SQL), on instances
 * of the production build (packages/scale-out: private PostgreSQL and Redis,
 * production configuration, real user tokens from the demo sign-in), the
 * same data for all:
 *   - "rbac": the portal's RBAC policy, as shipped;
 *   - "allow-all": the same backend with
 *     @backstage/plugin-permission-backend-module-allow-all-policy instead of
 *     the RBAC module (backend.packages.include), the baseline.
 * Data: PERM_BENCH_TENANTS (1,000) tenants; PERM_BENCH_ROLES (100) roles with
 * PERM_BENCH_GRANTS (5,000) grants in all. Two callers: ada (platform admin:
 * ALLOW, no filter) and tina (her group holds a tenant-scoped role for
 * PERM_BENCH_SCOPED (50) tenants and is a member of other roles: CONDITIONAL,
 * a tenant filter); every variant answers a full page of 50.
 * Rounds (PERM_BENCH_ROUNDS, 4) load each instance once per caller for
 * PERM_BENCH_SECONDS (10) with PERM_BENCH_CONNECTIONS (10), in an order that
 * rotates; the ratios rbac / allow-all are taken within each round and the
 * median printed, with the permission and auth round trips per request
 * (from each instance's request metrics). Then as many rounds with both
 * instances loaded at the same time (so other load on the machine weighs on
 * both alike), and the median of those ratios. Asserts nothing.
 *
 *   yarn build:backend && yarn bench:permissions
 *   # profiles of the instances, written when they stop:
 *   PORTAL_INSTANCE_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' yarn bench:permissions
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PortalCluster,
  PortalInstance,
  repoRoot,
} from '../packages/scale-out/src';
import { Caller } from '../packages/scale-out/src/harness/api';
import { pluginDatabase } from '../packages/scale-out/src/harness/database';
import { seedTenants } from '../plugins/tenants-backend/src/database/seed';
import { envInt, percentile, seededRandom as random } from './lib';
import { load, Phase, printPhases, rateOf } from './phases';

const TENANTS = envInt('PERM_BENCH_TENANTS', 1000);
const ROLES = envInt('PERM_BENCH_ROLES', 100);
const GRANTS = envInt('PERM_BENCH_GRANTS', 5000);
const SCOPED = envInt('PERM_BENCH_SCOPED', 50);
const SECONDS = envInt('PERM_BENCH_SECONDS', 10);
const ROUNDS = envInt('PERM_BENCH_ROUNDS', 4);
const CONNECTIONS = envInt('PERM_BENCH_CONNECTIONS', 10);
const ENDPOINT = '/api/tenants/tenants';
const TINA_GROUP = 'group:default/acme-owners';

/**
 * backend.packages.include for the baseline: the backend's own plugins and
 * modules with the allow-all policy module in place of the RBAC one.
 */
function allowAllPackages(): string[] {
  const { dependencies } = JSON.parse(
    readFileSync(path.join(repoRoot, 'packages/backend/package.json'), 'utf8'),
  );
  return [
    ...Object.keys(dependencies).filter(
      name => name !== '@controlplane/plugin-permission-backend-module-rbac',
    ),
    '@backstage/plugin-permission-backend-module-allow-all-policy',
  ];
}

const tenantName = (i: number) => `seed-${String(i).padStart(5, '0')}`;

/**
 * Roles up to ROLES with grants up to GRANTS in all, next to the seeded
 * ones: exact permission names and wildcards of made-up domains (none
 * reaches tenants.*), members from 200 users and 30 groups, a third of
 * them tenant-scoped. Tina's group is a member of every tenth role, and of
 * one that grants tenant reads in SCOPED tenants.
 */
function benchRoles(existing: { roles: number; grants: number }) {
  const rand = random(19);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const domains = Array.from({ length: 25 }, (_, i) => `bench-d${i}`);
  const resources = Array.from({ length: 8 }, (_, i) => `resource${i}`);
  const actions = ['read', 'create', 'update', 'delete'];
  const roleCount = Math.max(1, ROLES - existing.roles);
  const grantCount = Math.max(roleCount, GRANTS - existing.grants);

  const scoped = {
    name: 'bench-tenant-reader',
    description: 'Benchmark: reads tenants in some tenants',
    grants: ['tenants.tenant.read', 'tenants.user.read'],
    members: Array.from(
      { length: SCOPED },
      (_, i) => `${TINA_GROUP}@${tenantName(i + 1)}`,
    ),
  };
  const roles = [scoped];
  let left = grantCount - scoped.grants.length;
  for (let r = 1; r < roleCount; r++) {
    const count = Math.floor(left / (roleCount - r));
    left -= count;
    const grants = new Set<string>();
    while (grants.size < count) {
      const base = `${pick(domains)}.${pick(resources)}`;
      grants.add(rand() < 0.2 ? `${base}.*` : `${base}.${pick(actions)}`);
    }
    const members = new Set<string>();
    while (members.size < 8) {
      const ref =
        rand() < 0.4
          ? `group:default/bench-group${Math.floor(rand() * 30)}`
          : `user:default/bench-user${Math.floor(rand() * 200)}`;
      const scope =
        rand() < 0.33 ? `@${tenantName(1 + (members.size % 50))}` : '';
      members.add(`${ref}${scope}`);
    }
    if (r % 10 === 0) {
      members.add(r % 20 === 0 ? `${TINA_GROUP}@${tenantName(r)}` : TINA_GROUP);
    }
    roles.push({
      name: `bench-role-${String(r).padStart(3, '0')}`,
      description: 'Benchmark role',
      grants: [...grants],
      members: [...members],
    });
  }
  return roles;
}

async function seedRoles(instance: PortalInstance, adminToken: string) {
  const admin = new Caller(instance, adminToken);
  type Listed = { items: { grants: string[] }[] };
  const current: Listed = await admin.ok('GET', '/api/rbac/roles');
  const roles = benchRoles({
    roles: current.items.length,
    grants: current.items.reduce((n, role) => n + role.grants.length, 0),
  });
  // JSON is YAML: the role set document of the import endpoint.
  const response = await fetch(
    `${instance.url}/api/rbac/roles/import?mode=merge`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminToken}`,
        'content-type': 'application/yaml',
      },
      body: JSON.stringify({
        apiVersion: 'controlplane.io/v1alpha1',
        kind: 'RoleSet',
        roles,
      }),
    },
  );
  if (!response.ok) {
    throw new Error(`Role import: ${response.status} ${await response.text()}`);
  }
  const after: Listed = await admin.ok('GET', '/api/rbac/roles');
  return {
    roles: after.items.length,
    grants: after.items.reduce((n, role) => n + role.grants.length, 0),
  };
}

/** Requests each plugin answered so far, from the instance's Prometheus metrics. */
async function pluginRequests(
  instance: PortalInstance,
): Promise<Map<string, number>> {
  const text = await (
    await fetch(`http://127.0.0.1:${instance.metricsPort}/metrics`)
  ).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match =
      /^portal_plugin_request_duration\w*_count\{([^}]*)\}\s+(\S+)/.exec(line);
    const plugin = match && /plugin="([^"]*)"/.exec(match[1])?.[1];
    if (plugin) {
      counts.set(plugin, (counts.get(plugin) ?? 0) + Number(match![2]));
    }
  }
  return counts;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

interface Variant {
  name: string;
  instance: PortalInstance;
}

async function main() {
  const cluster = await PortalCluster.create();
  try {
    const rbac = await cluster.addInstance('rbac');
    const allowAll = await cluster.addInstance('allow-all', {
      APP_CONFIG_backend_packages: JSON.stringify({
        include: allowAllPackages(),
      }),
    });
    // One at a time: the first creates the databases and runs migrations.
    for (const instance of [rbac, allowAll]) await instance.start();

    const adaToken = await Caller.userToken(rbac, 'ada');
    const tinaToken = await Caller.userToken(rbac, 'tina');
    const tenantsDb = pluginDatabase(cluster.postgres.url, 'tenants');
    try {
      await seedTenants(tenantsDb, { tenants: TENANTS, users: 100 });
    } finally {
      await tenantsDb.destroy();
    }
    const policySize = await seedRoles(rbac, adaToken);

    const variants: Variant[] = [
      { name: 'rbac', instance: rbac },
      { name: 'allow-all', instance: allowAll },
    ];
    const callers = [
      { name: 'platform admin (ada)', token: adaToken },
      { name: 'tenant-scoped (tina)', token: tinaToken },
    ];
    const requestsOf = (token: string) => () =>
      [
        {
          method: 'GET' as const,
          path: ENDPOINT,
          headers: { authorization: `Bearer ${token}` },
        },
      ];

    console.log(
      `GET ${ENDPOINT}: ${TENANTS} tenants; ${policySize.roles} roles, ${policySize.grants} grants; ${CONNECTIONS} connections, ${SECONDS} s per phase, ${ROUNDS} rounds; node ${process.version}`,
    );
    for (const caller of callers) {
      for (const variant of variants) {
        const answer = await new Caller(variant.instance, caller.token).ok(
          'GET',
          ENDPOINT,
        );
        console.log(
          `  ${caller.name} on ${variant.name}: ${answer.items.length} tenants on the page, from ${answer.items[0]?.name}`,
        );
      }
    }
    // Every instance warm (JIT, pools, snapshot, caches) before measuring.
    for (const caller of callers) {
      for (const variant of variants) {
        await load(
          'warm-up',
          [variant.instance],
          3,
          requestsOf(caller.token),
          CONNECTIONS,
        );
      }
    }

    for (const caller of callers) {
      const phases: Phase[] = [];
      const byVariant = new Map<string, Phase[]>();
      const ratios: Record<string, number[]> = {};
      const trips = new Map<
        string,
        { permission: number; auth: number; rbac: number; n: number }
      >();
      for (let round = 1; round <= ROUNDS; round++) {
        const order = variants.map(
          (_, i) => variants[(i + round - 1) % variants.length],
        );
        const rates = new Map<string, number>();
        for (const variant of order) {
          const before = await pluginRequests(variant.instance);
          const phase = await load(
            `${variant.name}, round ${round}`,
            [variant.instance],
            SECONDS,
            requestsOf(caller.token),
            CONNECTIONS,
          );
          const after = await pluginRequests(variant.instance);
          const delta = (plugin: string) =>
            (after.get(plugin) ?? 0) - (before.get(plugin) ?? 0);
          const sum = trips.get(variant.name) ?? {
            permission: 0,
            auth: 0,
            rbac: 0,
            n: 0,
          };
          sum.permission += delta('permission');
          sum.auth += delta('auth');
          sum.rbac += delta('rbac');
          sum.n += delta('tenants');
          trips.set(variant.name, sum);
          phases.push(phase);
          byVariant.set(variant.name, [
            ...(byVariant.get(variant.name) ?? []),
            phase,
          ]);
          rates.set(variant.name, rateOf(phase));
        }
        for (const variant of variants.slice(0, 1)) {
          (ratios[variant.name] ??= []).push(
            rates.get(variant.name)! / rates.get('allow-all')!,
          );
        }
      }
      console.log('');
      console.log(`Caller: ${caller.name}`);
      printPhases(phases);
      for (const variant of variants) {
        const mine = byVariant.get(variant.name)!;
        const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
        const t = trips.get(variant.name)!;
        console.log(
          `  ${variant.name}: median req/s ${Math.round(
            percentile(sorted(mine.map(rateOf)), 50),
          )}, p50 ${percentile(
            sorted(mine.map(p => p.p50)),
            50,
          )} ms, p99 ${percentile(
            sorted(mine.map(p => p.p99)),
            50,
          )} ms; per request: ${(t.permission / t.n).toFixed(2)} permission, ${(
            t.auth / t.n
          ).toFixed(2)} auth, ${(t.rbac / t.n).toFixed(3)} rbac round trips`,
        );
      }
      for (const [name, values] of Object.entries(ratios)) {
        console.log(
          `  ${name} / allow-all, in turn: rounds ${values
            .map(v => v.toFixed(2))
            .join(', ')}; median ${median(values).toFixed(2)}`,
        );
      }

      // The same, both instances loaded at the same time: whatever else
      // the machine runs weighs on both alike, and each gets the share of
      // the CPU its requests need.
      const paired: Phase[] = [];
      const pairedRatios: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const [withRbac, withAllowAll] = await Promise.all(
          variants.map(variant =>
            load(
              `together: ${variant.name}, round ${round}`,
              [variant.instance],
              SECONDS,
              requestsOf(caller.token),
              CONNECTIONS,
            ),
          ),
        );
        paired.push(withRbac, withAllowAll);
        pairedRatios.push(rateOf(withRbac) / rateOf(withAllowAll));
      }
      printPhases(paired);
      console.log(
        `  rbac / allow-all, together: rounds ${pairedRatios
          .map(v => v.toFixed(2))
          .join(', ')}; median ${median(pairedRatios).toFixed(2)}`,
      );
    }
  } finally {
    // A graceful stop first, so --cpu-prof (PORTAL_INSTANCE_NODE_OPTIONS)
    // writes its profiles.
    await Promise.all(cluster.instances.map(instance => instance.stop()));
    await cluster.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
