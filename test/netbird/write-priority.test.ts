/**
 * Which NetBird write goes first when the write budget is short (shared/netbird/write-priority.ts):
 * blocks, then quarantine, then the rest; in this process through the services' admin client (the
 * budget shared through Azurite, as deployed), and across instances through the slots' priority.
 */
import nock from 'nock';
import { describe, expect, inject, it } from 'vitest';
import { botTeamsSender } from '../../bot/teams-sender.js';
import { loadConfig } from '../../shared/config/index.js';
import { PriorityGate } from '../../shared/http/priority-gate.js';
import { silentLogger } from '../../shared/logger.js';
import { WRITE_PRIORITY, withWritePriority, writesWaiting } from '../../shared/netbird/write-priority.js';
import { createServices } from '../../shared/services.js';
import { SharedRateLimiter } from '../../shared/store/shared-rate.js';
import { EntityTable } from '../../shared/store/table.js';
import { timeSlotSchema } from '../../shared/store/time-slots.js';
import { validEnv } from '../support/env.js';

const NETBIRD = 'https://netbird.contoso.test';
const cs = inject('azuriteConnectionString');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The NetBird server at the wire: records the order writes arrive in. */
function netbird() {
  const arrived: string[] = [];
  const user = {
    id: 'u-bob',
    email: 'bob@contoso.com',
    name: 'Bob',
    role: 'user',
    status: 'active',
    auto_groups: [],
    is_current: false,
    is_service_user: false,
    is_blocked: false,
    issued: 'api',
  };
  const last = (req: Request) => decodeURIComponent(new URL(req.url).pathname.split('/').pop()!);
  nock(NETBIRD)
    .persist()
    .get('/api/users')
    .query(true)
    .reply(200, [user])
    .put(/\/api\/users\/.+/)
    .reply(async (req: Request) => {
      arrived.push('block');
      return [200, { ...user, ...((await req.json()) as object) }];
    })
    .put(/\/api\/groups\/.+/)
    .reply((req: Request) => {
      arrived.push(`quarantine ${last(req)}`);
      return [
        200,
        { id: last(req), name: 'g', peers_count: 0, resources_count: 0, issued: 'api', peers: [], resources: [] },
      ];
    })
    .delete(/\/api\/peers\/.+/)
    .reply((req: Request) => {
      arrived.push(`cleanup ${last(req)}`);
      return [200, {}];
    });
  return arrived;
}

describe('NetBird write priority', () => {
  it('sends a block before the quarantine writes already waiting, and those before cleanup', async () => {
    const arrived = netbird();
    const env = validEnv({ NETBIRD_WRITES_PER_SECOND: '10', AzureWebJobsStorage: cs, NETBIRD_API_URL: NETBIRD });
    const config = loadConfig(env);
    const nb = createServices(config, silentLogger, botTeamsSender(config, silentLogger)).netbirdAdmin;
    // One leaver's cleanup and another's quarantine group writes, all waiting for the budget...
    const cleanup = Array.from({ length: 3 }, (_, i) => withWritePriority('other', () => nb.deletePeer(`peer-${i}`)));
    const quarantine = Array.from({ length: 6 }, (_, i) =>
      withWritePriority('quarantine', () =>
        nb.updateGroup(`grp-${i}`, { name: `Group ${i}`, peers: [], resources: [] }),
      ),
    );
    while (arrived.length === 0) await sleep(5);
    expect(writesWaiting('quarantine')).toBeGreaterThanOrEqual(5);
    // ...then a third leaver's block.
    await withWritePriority('block', () => nb.blockUser('u-bob'));
    await Promise.all([...cleanup, ...quarantine]);

    // The block overtook every write still waiting: at most the one holding the next slot went before it.
    expect(arrived.indexOf('block')).toBeLessThanOrEqual(2);
    const after = arrived.slice(arrived.indexOf('block') + 1);
    // Quarantine before cleanup among the rest (the first write to arrive was a cleanup: it asked first).
    const lastQuarantine = Math.max(...after.map((a, i) => (a.startsWith('quarantine') ? i : -1)));
    const firstCleanup = after.findIndex((a) => a.startsWith('cleanup'));
    expect(firstCleanup).toBeGreaterThan(lastQuarantine);
    expect(arrived).toHaveLength(10);
    expect(writesWaiting()).toBe(0);
  }, 30_000);

  it('a less urgent instance yields while another instance spends the shared budget on blocks', async () => {
    const table = EntityTable.fromConnectionString(cs, `tstPrio${Date.now().toString(36)}`, {
      schema: timeSlotSchema,
      indexed: ['at'],
    });
    let priority: number = WRITE_PRIORITY.other;
    const instance = (by: string) =>
      new SharedRateLimiter(table, {
        key: 'netbird-writes:nb',
        count: 5,
        windowMs: 1_000,
        marginMs: 0,
        by,
        priorities: { of: () => priority, top: WRITE_PRIORITY.block },
      });
    const [blocking, cleaning] = [instance('instance-a'), instance('instance-b')];
    const order: string[] = [];
    priority = WRITE_PRIORITY.block;
    const blocks = Array.from({ length: 10 }, () =>
      blocking.schedule(() => {
        order.push('block');
        return Promise.resolve();
      }),
    );
    while (!order.includes('block')) await sleep(5); // instance A's first block is out
    priority = WRITE_PRIORITY.other;
    const cleanups = Array.from({ length: 3 }, () =>
      cleaning.schedule(() => {
        order.push('cleanup');
        return Promise.resolve();
      }),
    );
    await Promise.all([...blocks, ...cleanups]);
    // Instance B waited for A's blocks (10 at 5 per second) and then took its turn.
    expect(order.slice(0, 10)).toEqual(Array(10).fill('block'));
    expect(order.slice(10)).toEqual(['cleanup', 'cleanup', 'cleanup']);
  }, 30_000);

  it('the gate runs the most urgent task first, in arrival order within a priority', async () => {
    const gate = new PriorityGate();
    const ran: string[] = [];
    const task = (name: string) => async () => {
      ran.push(name);
      await sleep(5);
    };
    await Promise.all([
      gate.run(0, task('first, alone')),
      gate.run(0, task('other 1')),
      gate.run(1, task('quarantine')),
      gate.run(0, task('other 2')),
      gate.run(2, task('block')),
    ]);
    expect(ran).toEqual(['first, alone', 'block', 'quarantine', 'other 1', 'other 2']);
    expect(gate.waiting).toBe(0);
  });
});
