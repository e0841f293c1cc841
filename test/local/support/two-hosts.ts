/**
 * Two instances of the app, each its own OS process (test/local/support/host-process.ts: the
 * local host with the registered functions and queue pollers), sharing nothing but one Azurite
 * storage account, as two Flex Consumption instances share the Function App's storage. The demo
 * simulators (NetBird, Graph) and a loopback Bot Connector run in this process; everything the
 * instances send them is counted here, at the simulator, not inside the instances.
 *
 * A burst of disables goes to both instances' webhooks (alternating); meanwhile each instance also
 * reads Graph reports through the app's report limiter. Measured: every leaver blocked exactly once
 * (successful block PUTs per NetBird user), queue runs that failed or were poisoned (each instance
 * reports them when it stops), Graph report requests in any 10 s and NetBird writes in any 1 s
 * across both, and whether any group lost or regained a member the cases did not move.
 * Why separate processes prove the cross-process property: nothing in memory is shared (the
 * KeyedLocks, in-process limiters, caches are per process), so whatever holds across both can only
 * come from the storage-backed leases, slots and ETags.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAzurite } from '../../../local/azurite.js';
import { startDemoWorld } from '../../../local/demo/world.js';
import { createLogger } from '../../../shared/logger.js';
import { decodeDexUserId } from '../../../shared/netbird/ids.js';
import { CASE_PARTITION, offboardingStorage } from '../../../shared/offboarding/storage.js';
import { storeSubscription } from '../../../bench/support.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const SCRIPT = new URL('./host-process.ts', import.meta.url).pathname;

export interface TwoHostOptions {
  leavers: number;
  /** NETBIRD_WRITES_PER_SECOND: the whole app's budget. */
  netbirdWritesPerSecond: number;
  /** Graph report reads each instance makes during the burst. */
  reportReadsPerHost: number;
  users?: number;
  peers?: number;
  inFlight?: number;
  timeoutMs?: number;
}

export interface TwoHostResult {
  leavers: number;
  accepted: number;
  /** Webhook deliveries repeated after a network error (Graph redelivers too). */
  deliveryRetries: number;
  casesOpened: number;
  blocked: number;
  blockedTwice: number;
  notBlocked: number;
  /** Queue runs that failed (and were retried), and messages moved to a poison queue, both instances. */
  failedRuns: number;
  poisoned: number;
  failureSamples: string[];
  reportRequests: number;
  reportPeakPer10s: number;
  netbirdWrites: number;
  netbirdPeakPer1s: number;
  /** Group members lost (a member the cases did not remove is gone) and put back (a removed one is there again). */
  membersLost: number;
  membersPutBack: number;
  quarantined: number;
  firstNotificationToLastBlockMs: number;
  toBlockP50Ms: number;
  toBlockP95Ms: number;
  /** Instances by how many block PUTs went out of each (from the `by` column of claimed write slots). */
  perHostReady: string[];
}

/** The most timestamps inside any window of `windowMs` (closed: both ends count). */
export function busiest(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! > windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const pct = (values: number[], p: number) => {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

interface HostChild {
  child: ChildProcess;
  url: Promise<string>;
  reportsDone: Promise<void>;
  summary: Promise<{ failed: number; poisoned: number; errors: string[] }>;
  exited: Promise<void>;
  stderr: () => string;
}

function startHost(env: NodeJS.ProcessEnv): HostChild {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const handlers: Record<string, (v: unknown) => void> = {};
  const when = <T>(key: string) =>
    new Promise<T>((resolve) => {
      handlers[key] = resolve as (v: unknown) => void;
    });
  const url = when<string>('ready');
  const reportsDone = when<void>('reports');
  const summary = when<{ failed: number; poisoned: number; errors: string[] }>('summary');
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const msg = JSON.parse(line) as Record<string, unknown>;
        for (const [k, v] of Object.entries(msg)) handlers[k]?.(v);
      } catch {
        /* not ours */
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, url, reportsDone, summary, exited, stderr: () => err };
}

export async function runTwoHostBurst(options: TwoHostOptions): Promise<TwoHostResult> {
  const inFlight = options.inFlight ?? 20;
  const timeoutMs = options.timeoutMs ?? 150_000;
  const azurite = await startAzurite();
  const blockPuts = new Map<string, number>();
  const blockedAt = new Map<string, number>();
  const writes: number[] = [];
  const reports: number[] = [];
  // The simulators log every answer at debug: counted here, at the wire's far end.
  const simLogger = createLogger((_level, message, fields) => {
    const path = typeof fields.path === 'string' ? fields.path : '';
    if (message === 'NetBird simulator answered' && fields.method !== 'GET') {
      writes.push(performance.now());
      const m = /^\/api\/users\/([^/]+)$/.exec(path);
      if (m && fields.method === 'PUT' && fields.status === 200) {
        const id = decodeURIComponent(m[1]!);
        blockPuts.set(id, (blockPuts.get(id) ?? 0) + 1);
        if (!blockedAt.has(id)) blockedAt.set(id, performance.now());
      }
    }
    if (message === 'Graph simulator answered' && /auditLogs\/directoryAudits|reports\//.test(path))
      reports.push(performance.now());
  });
  const world = await startDemoWorld({
    users: options.users ?? 1_000,
    peers: options.peers ?? 2_000,
    graphPageSize: 999,
    logger: simLogger,
  });
  const dir = mkdtempSync(join(tmpdir(), 'two-hosts-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, world.caCert);
  const connector: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((r) => connector.listen(0, '127.0.0.1', () => r()));
  const hosts: HostChild[] = [];
  try {
    const named = new Set(Object.values(world.people).map((p) => p.id));
    const nbByOid = new Map<string, string>();
    for (const u of world.netbird.state.users.values()) {
      const subject = decodeDexUserId(u.id);
      if (subject && !u.is_blocked && !u.is_service_user && u.role === 'user') nbByOid.set(subject.userId, u.id);
    }
    const leavers = [...world.graph.state.users.values()]
      .filter((u) => u.accountEnabled && !named.has(u.id) && nbByOid.has(u.id))
      .slice(0, options.leavers);
    if (leavers.length < options.leavers) throw new Error(`only ${leavers.length} users with a NetBird account`);
    for (const u of leavers) await world.controls.disableUser(u.id);
    const before = new Map([...world.netbird.state.groups].map(([id, g]) => [id, new Set(g.peers)]));

    const storage = offboardingStorage(azurite.connectionString);
    // The first storage call after Azurite starts has been refused on this loaded machine; try it a few times.
    let stored: { subscriptionId: string; clientState: string } | undefined;
    for (let attempt = 1; !stored; attempt++) {
      try {
        stored = await storeSubscription(storage);
      } catch (err) {
        if (attempt >= 5) throw err;
        await sleep(1_000);
      }
    }
    const { subscriptionId, clientState } = stored;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...world.env,
      AzureWebJobsStorage: azurite.connectionString,
      TEAMS_SERVICE_URL: `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`,
      LOG_LEVEL: 'error',
      BLAST_RADIUS_MAX_USERS: '100000',
      BLAST_RADIUS_MAX_SHARE: '1',
      NETBIRD_WRITES_PER_SECOND: String(options.netbirdWritesPerSecond),
      CA_CERT_FILE: caFile,
      REPORT_READS: String(options.reportReadsPerHost),
    };
    hosts.push(startHost(env), startHost(env));
    const urls = await Promise.race([
      Promise.all(hosts.map((h) => h.url)),
      Promise.race([sleep(60_000), ...hosts.map((h) => h.exited)]).then(() => {
        throw new Error(`hosts did not start: ${hosts.map((h) => h.stderr()).join('\n')}`);
      }),
    ]);
    const tenantId = world.env.ENTRA_TENANT_ID!;
    const sentAt = new Map<string, number>();
    let accepted = 0;
    let deliveryRetries = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < leavers.length) {
          const i = next++;
          const u = leavers[i]!;
          const body = {
            value: [
              {
                changeType: 'updated',
                clientState,
                subscriptionId,
                tenantId,
                resource: `Users/${u.id}`,
                resourceData: {
                  '@odata.type': '#Microsoft.Graph.User',
                  '@odata.id': `Users/${u.id}`,
                  id: u.id,
                  organizationId: tenantId,
                },
                subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
              },
            ],
          };
          sentAt.set(u.id, performance.now());
          // Graph delivers again when a delivery fails; so does this sender, on a network error, twice at most.
          for (let attempt = 1; ; attempt++) {
            try {
              const res = await fetch(`${urls[i % 2]}/api/graph/notifications`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(body),
              });
              await res.arrayBuffer();
              if (res.status === 202) accepted++;
              break;
            } catch (err) {
              if (attempt >= 3)
                throw new Error(
                  `notification not delivered: ${String(err)}; host output: ${hosts.map((h) => h.stderr().slice(-500)).join(' | ')}`,
                  { cause: err },
                );
              deliveryRetries++;
              await sleep(200);
            }
          }
        }
      }),
    );

    // Done when every leaver is blocked, every case has finished containment, and the queues are empty.
    const expected = leavers.map((u) => nbByOid.get(u.id)!);
    const contained = async () => {
      const rows = await storage.cases.listPartition(CASE_PARTITION);
      return rows.filter((r) => r.value.state === 'awaiting-approval').length;
    };
    let lastBlockMs = 0;
    for (;;) {
      if (performance.now() - started > timeoutMs) break;
      if (!lastBlockMs && expected.every((id) => blockedAt.has(id))) lastBlockMs = performance.now() - started;
      if (
        lastBlockMs &&
        (await contained()) >= leavers.length &&
        (await storage.checks.approximateCount()) === 0 &&
        (await storage.work.approximateCount()) === 0
      )
        break;
      await sleep(500);
    }
    await Promise.race([
      Promise.all(hosts.map((h) => h.reportsDone)),
      sleep(Math.max(0, timeoutMs - (performance.now() - started))),
    ]);
    await sleep(1_000); // anything done twice would show now
    for (const h of hosts) h.child.kill('SIGTERM');
    const summaries = await Promise.all(
      hosts.map((h) =>
        Promise.race([h.summary, sleep(20_000).then(() => ({ failed: -1, poisoned: -1, errors: ['no summary'] }))]),
      ),
    );

    // Groups: each group now = before − peers the cases took out of it + peers they put into quarantine.
    const cases = (await storage.cases.listPartition(CASE_PARTITION)).map((r) => r.value);
    const removed = new Map<string, Set<string>>();
    const added = new Map<string, Set<string>>();
    const add = (m: Map<string, Set<string>>, g: string, p: string) => {
      if (!m.has(g)) m.set(g, new Set());
      m.get(g)!.add(p);
    };
    let quarantined = 0;
    for (const c of cases) {
      for (const d of c.devices) {
        if (d.kind !== 'machine' || !d.quarantine?.done || d.quarantine.done.result === 'skipped') continue;
        quarantined++;
        for (const g of d.quarantine.removedFrom) add(removed, g.id, d.peerId);
        if (c.quarantineGroup) add(added, c.quarantineGroup.id, d.peerId);
      }
    }
    let membersLost = 0;
    let membersPutBack = 0;
    for (const [id, g] of world.netbird.state.groups) {
      const want = new Set([...(before.get(id) ?? [])].filter((p) => !removed.get(id)?.has(p)));
      for (const p of added.get(id) ?? []) want.add(p);
      for (const p of want) if (!g.peers.has(p)) membersLost++;
      for (const p of g.peers) if (!want.has(p)) membersPutBack++;
    }
    const userIds = new Set(leavers.map((u) => u.id.toLowerCase()));
    const toBlock = leavers
      .filter((u) => blockedAt.has(nbByOid.get(u.id)!))
      .map((u) => blockedAt.get(nbByOid.get(u.id)!)! - sentAt.get(u.id)!);
    return {
      leavers: leavers.length,
      accepted,
      deliveryRetries,
      casesOpened: cases.filter((c) => userIds.has(c.userId.toLowerCase())).length,
      blocked: expected.filter((id) => (blockPuts.get(id) ?? 0) >= 1 && world.netbird.state.users.get(id)?.is_blocked)
        .length,
      blockedTwice: expected.filter((id) => (blockPuts.get(id) ?? 0) > 1).length,
      notBlocked: expected.filter((id) => !world.netbird.state.users.get(id)?.is_blocked).length,
      failedRuns: summaries.reduce((n, s) => n + s.failed, 0),
      poisoned: summaries.reduce((n, s) => n + s.poisoned, 0),
      failureSamples: summaries.flatMap((s) => s.errors),
      reportRequests: reports.length,
      reportPeakPer10s: busiest(reports, 10_000),
      netbirdWrites: writes.length,
      netbirdPeakPer1s: busiest(writes, 1_000),
      membersLost,
      membersPutBack,
      quarantined,
      firstNotificationToLastBlockMs: lastBlockMs,
      toBlockP50Ms: pct(toBlock, 50),
      toBlockP95Ms: pct(toBlock, 95),
      perHostReady: urls,
    };
  } finally {
    for (const h of hosts) if (h.child.exitCode === null) h.child.kill('SIGKILL');
    await Promise.all(hosts.map((h) => Promise.race([h.exited, sleep(5_000)])));
    await new Promise<void>((r) => connector.close(() => r()));
    await world.stop();
    await azurite.stop();
  }
}
