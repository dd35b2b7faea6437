/*
 * Decisions per second of the RBAC permission policy, next to an allow-all
 * policy in the same run, and the time of each decision (p50, p99). See
 * bench/README.md. Prints numbers only; nothing here asserts on timings.
 *
 *   yarn bench:rbac [--rounds 20] [--batch 1000] [--roles 100] [--grants 5000]
 */
import { performance } from 'node:perf_hooks';
import {
  BackstageCredentials,
  BackstageUserInfo,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { PolicySnapshot } from '@controlplane/plugin-rbac-common';
import { RbacPolicy } from '../plugins/permission-backend-module-rbac/src/RbacPolicy';
import { SnapshotSource } from '../plugins/permission-backend-module-rbac/src/PolicySnapshotSource';
import { percentile, seededRandom as random, silentLogger } from './lib';

const DOMAINS = 25;
const USERS = 200;
const GROUPS = 30;
const TENANTS = 50;

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive integer`);
  }
  return value;
}

const ROUNDS = arg('rounds', 20);
const BATCH = arg('batch', 1000);
const ROLES = arg('roles', 100);
const GRANTS = arg('grants', 5000);
const WARMUP_ROUNDS = 5;

const rand = random(42);
const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)];

const domains = Array.from({ length: DOMAINS }, (_, i) => `domain${i}`);
const actions = ['read', 'create', 'update', 'delete'];
const permissionName = () =>
  `${pick(domains)}.resource${Math.floor(rand() * 8)}.${pick(actions)}`;
const users = Array.from({ length: USERS }, (_, i) => `user:default/user${i}`);
const groups = Array.from(
  { length: GROUPS },
  (_, i) => `group:default/group${i}`,
);

/**
 * ROLES roles with GRANTS grants in total (about one in five a `domain.*`
 * wildcard, the rest exact permission names); members are a few groups and
 * users each, two thirds of them scoped to one tenant (`ref@tenant-N`), so
 * resource permissions can come back CONDITIONAL.
 */
function createSnapshot(): PolicySnapshot {
  const roles: PolicySnapshot['roles'] = [];
  for (let r = 0; r < ROLES; r++) {
    // Spread the grants evenly over the roles.
    const count = Math.floor(GRANTS / ROLES) + (r < GRANTS % ROLES ? 1 : 0);
    const grants = new Set<string>();
    while (grants.size < count) {
      grants.add(rand() < 0.2 ? `${pick(domains)}.*` : permissionName());
    }
    const members = new Set<string>();
    const scoped = (ref: string) =>
      rand() < 0.67 ? `${ref}@tenant-${Math.floor(rand() * TENANTS)}` : ref;
    for (let m = 0; m < 3; m++) members.add(scoped(pick(groups)));
    for (let m = 0; m < 5; m++) members.add(scoped(pick(users)));
    roles.push({
      name: `role-${r}`,
      grants: [...grants],
      members: [...members],
    });
  }
  return { revision: 1, roles };
}

const snapshot = createSnapshot();
const grantCount = snapshot.roles.reduce((n, r) => n + r.grants.length, 0);

/** The snapshot in memory, as the cached PolicySnapshotSource serves it. */
const snapshots: SnapshotSource = {
  async getSnapshot() {
    return snapshot;
  },
};

/** Each user is in two of the groups, as the catalog would say. */
const userInfos = new Map<string, BackstageUserInfo>(
  users.map(userEntityRef => [
    userEntityRef,
    {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, pick(groups), pick(groups)],
    },
  ]),
);

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const principal = credentials.principal as BackstageUserPrincipal;
    const info = userInfos.get(principal.userEntityRef);
    if (!info) throw new Error(`Unknown user ${principal.userEntityRef}`);
    return info;
  },
};

function queryUser(userEntityRef: string): PolicyQueryUser {
  const credentials: BackstageCredentials<BackstageUserPrincipal> = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
  };
  return {
    credentials,
    info: userInfos.get(userEntityRef)!,
    token: 'bench-token',
    identity: {
      type: 'user',
      userEntityRef,
      ownershipEntityRefs: userInfos.get(userEntityRef)!.ownershipEntityRefs,
    },
  } as PolicyQueryUser;
}

/**
 * 1,000 queries: mostly permissions some role grants (half of them exact
 * grants, half under a wildcard), the rest random names; half of them
 * resource permissions (which tenant-scoped memberships answer
 * CONDITIONAL); varied users.
 */
function createBatch(): { request: PolicyQuery; user: PolicyQueryUser }[] {
  const cache = new Map<string, Permission>();
  const permission = (name: string, resource: boolean) => {
    const key = `${name}:${resource}`;
    let found = cache.get(key);
    if (!found) {
      found = resource
        ? createPermission({
            name,
            attributes: {},
            resourceType: 'bench-resource',
          })
        : createPermission({ name, attributes: {} });
      cache.set(key, found);
    }
    return found;
  };
  const exact = snapshot.roles.flatMap(r =>
    r.grants.filter(g => !g.endsWith('*')),
  );
  return Array.from({ length: BATCH }, () => {
    const roll = rand();
    let name: string;
    if (roll < 0.35) name = pick(exact);
    else if (roll < 0.7) name = permissionName();
    else name = `other${Math.floor(rand() * 5)}.thing.${pick(actions)}`;
    return {
      request: { permission: permission(name, rand() < 0.5) },
      user: queryUser(pick(users)),
    };
  });
}

/**
 * NOT the real allow-all module: @backstage/plugin-permission-backend-module-
 * allow-all-policy exports only its backend module, not the policy, so this
 * is an equivalent policy that allows everything, as the baseline. The
 * module itself is the baseline of bench/permission-endpoint.bench.ts.
 */
class TrivialAllowAllPolicy implements PermissionPolicy {
  async handle(): Promise<PolicyDecision> {
    return { result: AuthorizeResult.ALLOW };
  }
}

interface Result {
  name: string;
  median: number;
  p95: number;
  allowed: number;
  conditional: number;
  /** Microseconds per decision over the measured rounds. */
  decisionP50: number;
  decisionP99: number;
  decisionMax: number;
}

async function measure(
  name: string,
  policy: PermissionPolicy,
  batch: ReturnType<typeof createBatch>,
): Promise<Result> {
  let allowed = 0;
  let conditional = 0;
  const runBatch = async () => {
    allowed = 0;
    conditional = 0;
    for (const { request, user } of batch) {
      const decision = await policy.handle(request, user);
      if (decision.result === AuthorizeResult.ALLOW) allowed++;
      if (decision.result === AuthorizeResult.CONDITIONAL) conditional++;
    }
  };
  // Each decision timed alone, in separate rounds so the timer does not
  // weigh on the rates.
  const timeEach = async (into: number[]) => {
    for (const { request, user } of batch) {
      const start = performance.now();
      await policy.handle(request, user);
      into.push((performance.now() - start) * 1000);
    }
  };
  for (let i = 0; i < WARMUP_ROUNDS; i++) await runBatch();
  const rates: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await runBatch();
    const seconds = (performance.now() - start) / 1000;
    rates.push(batch.length / seconds);
  }
  const micros: number[] = [];
  for (let i = 0; i < ROUNDS; i++) await timeEach(micros);
  rates.sort((a, b) => a - b);
  micros.sort((a, b) => a - b);
  return {
    name,
    median: percentile(rates, 50),
    // Decisions/second that 95% of the rounds reached: the slow tail.
    p95: percentile(rates, 5),
    allowed,
    conditional,
    decisionP50: percentile(micros, 50),
    decisionP99: percentile(micros, 99),
    decisionMax: micros[micros.length - 1],
  };
}

async function main() {
  const batch = createBatch();
  const rbac = new RbacPolicy({ snapshots, userInfo, logger: silentLogger });
  const allowAll = new TrivialAllowAllPolicy();

  const results = [
    await measure('rbac (RbacPolicy)', rbac, batch),
    await measure('allow-all (trivial, not the module)', allowAll, batch),
  ];

  const format = (n: number) =>
    Math.round(n).toLocaleString('en-US').padStart(12);
  console.log(
    `RBAC policy benchmark: ${snapshot.roles.length} roles, ${grantCount} grants, ` +
      `batch of ${batch.length} handle() calls, ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up rounds, node ${process.version}`,
  );
  console.log('');
  const micros = (n: number) => n.toFixed(1).padStart(10);
  console.log(
    `${'policy'.padEnd(38)}${'median/s'.padStart(12)}${'p95/s'.padStart(
      12,
    )}${'allowed'.padStart(10)}${'cond.'.padStart(7)}${'p50 µs'.padStart(
      10,
    )}${'p99 µs'.padStart(10)}${'max µs'.padStart(10)}`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(38)}${format(r.median)}${format(
        r.p95,
      )}${`${r.allowed}/${batch.length}`.padStart(10)}${String(
        r.conditional,
      ).padStart(7)}${micros(r.decisionP50)}${micros(r.decisionP99)}${micros(
        r.decisionMax,
      )}`,
    );
  }
  const [rbacResult, allowAllResult] = results;
  console.log('');
  console.log(
    `ratio rbac/allow-all: median ${(
      rbacResult.median / allowAllResult.median
    ).toFixed(3)}, p95 ${(rbacResult.p95 / allowAllResult.p95).toFixed(3)}`,
  );
  console.log(
    'decisions/s per round; p95 = the rate 95% of rounds reached (slow tail); ' +
      'cond. = CONDITIONAL answers per batch; p50/p99/max µs = each decision timed alone.',
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
