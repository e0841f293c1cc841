/**
 * Budgets shared through Table Storage (shared/store/time-slots.ts, shared-rate.ts) on Azurite.
 * Each "instance" here is its own EntityTable client and limiter object, sharing nothing in memory
 * with the other, only the storage account: what two Functions instances share. (The separate
 * processes test is test/local/two-hosts.test.ts.)
 */
import { busiest } from '../local/support/two-hosts.js';
import { describe, expect, inject, it } from 'vitest';
import { recordingLogger } from '../graph/support.js';
import { WriteRateLimiter } from '../../shared/netbird/write-rate.js';
import { SharedRateLimiter } from '../../shared/store/shared-rate.js';
import { EntityTable } from '../../shared/store/table.js';
import { TimeSlots, timeSlotSchema, type TimeSlot } from '../../shared/store/time-slots.js';

const cs = inject('azuriteConnectionString');
let seq = 0;
const tableName = () => `tstSlots${Date.now().toString(36)}${seq++}`;
const open = (name: string) => EntityTable.fromConnectionString(cs, name, { schema: timeSlotSchema, indexed: ['at'] });
/** A table client that counts its requests to storage at the wire (a pipeline policy). */
function counted(name: string): { table: EntityTable<TimeSlot>; requests: string[] } {
  const requests: string[] = [];
  const table = EntityTable.fromConnectionString(cs, name, {
    schema: timeSlotSchema,
    indexed: ['at'],
    clientOptions: {
      additionalPolicies: [
        {
          position: 'perCall',
          policy: {
            name: 'count-requests',
            sendRequest: (req, next) => {
              requests.push(req.method);
              return next(req);
            },
          },
        },
      ],
    },
  });
  return { table, requests };
}

describe('TimeSlots', () => {
  it('hands out exactly `count` slots per window across instances, however many ask at once', async () => {
    const name = tableName();
    const a = new TimeSlots(open(name), 'window', { count: 40, windowMs: 60_000, by: 'a' });
    const b = new TimeSlots(open(name), 'window', { count: 40, windowMs: 60_000, by: 'b' });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).claim()));
    const claimed = results.filter((r) => r.claimed);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed.map((r) => (r.claimed ? r.slot : -1))).size).toBe(40);
    const refused = results.find((r) => !r.claimed);
    expect(refused && !refused.claimed && refused.freeAt).toBeGreaterThan(Date.now() + 50_000);
    expect(await a.inUse()).toHaveLength(40);
  });

  it('frees a slot once its last use is older than the window', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const slots = new TimeSlots(open(tableName()), 'w', { count: 2, windowMs: 1_000, now: () => now });
    expect((await slots.claim()).claimed).toBe(true);
    expect((await slots.claim()).claimed).toBe(true);
    expect(await slots.claim()).toEqual({ claimed: false, freeAt: now + 1_001 });
    now += 1_000; // exactly the window: still counts
    expect((await slots.claim()).claimed).toBe(false);
    now += 1;
    expect((await slots.claim()).claimed).toBe(true);
  });
});

describe('TimeSlots.claimMany', () => {
  it('claims several free slots in one round, and never more than `count` across instances racing', async () => {
    const name = tableName();
    const a = new TimeSlots(open(name), 'w', { count: 10, windowMs: 60_000, by: 'a' });
    const b = new TimeSlots(open(name), 'w', { count: 10, windowMs: 60_000, by: 'b' });
    const results = await Promise.all([a.claimMany(4), b.claimMany(4), a.claimMany(4), b.claimMany(4)]);
    const slots = results.flatMap((r) => (r.claimed ? r.slots.map((s) => s.slot) : []));
    // 16 wanted, 10 exist: a claimer that lost some races returns with what it won, so at most 10,
    // never one slot twice; what is left is still there for the next claim.
    expect(new Set(slots).size).toBe(slots.length);
    expect(slots.length).toBeLessThanOrEqual(10);
    expect(results.every((r) => !r.claimed || r.slots.length <= 4)).toBe(true);
    const rest = await b.claimMany(10);
    expect(slots.length + (rest.claimed ? rest.slots.length : 0)).toBe(10);
    const none = await a.claimMany(3);
    expect(none.claimed).toBe(false);
    expect(!none.claimed && none.freeAt).toBeGreaterThan(Date.now() + 50_000);
    expect(await a.inUse()).toHaveLength(10);
  });
});

describe('SharedRateLimiter', () => {
  it('claims the slots of callers queued together in one storage round, not one round each', async () => {
    const { table, requests } = counted(tableName());
    await table.ensure();
    requests.length = 0;
    const limiter = new SharedRateLimiter(table, { key: 'netbird-writes:x', count: 48, windowMs: 1_000 });
    const sent: number[] = [];
    await Promise.all(Array.from({ length: 12 }, () => limiter.schedule(() => Promise.resolve(sent.push(Date.now())))));
    expect(sent).toHaveLength(12);
    // A quarter of the budget (12) at once: one read of the slots and 12 inserts, then one restamp
    // per write. Claimed one by one it is a probe and an insert per caller (24).
    const claims = requests.length - 12;
    expect(claims).toBe(13);
    expect(requests.filter((m) => m === 'GET')).toHaveLength(1);
  });

  it('keeps two instances together under the limit in every window, and lets them use all of it', async () => {
    const name = tableName();
    const sent: number[] = [];
    const instance = () =>
      new SharedRateLimiter(open(name), { key: 'graph-reports:tenant', count: 5, windowMs: 1_000, marginMs: 0 });
    const [a, b] = [instance(), instance()];
    const started = Date.now();
    // Each "request" takes 50 ms; the slot counts until it has finished.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).schedule(async () => {
          sent.push(Date.now());
          await new Promise((r) => setTimeout(r, 50));
        }),
      ),
    );
    expect(busiest(sent, 1_000)).toBeLessThanOrEqual(5);
    // 30 at 5 per second: the last ones go in the sixth second; not much slower than that.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(Date.now() - started).toBeLessThan(9_000);
  }, 20_000);

  it("keeps this process's own spacing in front of the shared budget, though waited out of its queue", async () => {
    const limiter = new SharedRateLimiter(open(tableName()), {
      key: 'netbird-writes:y',
      count: 20,
      windowMs: 1_000,
      local: new WriteRateLimiter(20), // a write every 50 ms
    });
    const started = performance.now();
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, () => limiter.schedule(() => Promise.resolve(sent.push(performance.now())))),
    );
    // The k-th write goes no earlier than its slot, k × 50 ms after the first.
    sent.sort((a, b) => a - b).forEach((t, k) => expect(t - started).toBeGreaterThanOrEqual(k * 50 - 2));
  });

  it('goes ahead under the local limit when storage cannot be reached', async () => {
    const broken = EntityTable.fromConnectionString(
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;',
      'tstBroken',
      {
        schema: timeSlotSchema,
        indexed: ['at'],
        clientOptions: { retryOptions: { maxRetries: 0 } },
      },
    );
    const { logger, lines } = recordingLogger();
    const limiter = new SharedRateLimiter(broken, { key: 'k', count: 1, windowMs: 60_000, logger });
    await limiter.acquire();
    await limiter.acquire();
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      "shared rate limit unavailable: going ahead under this instance's limit only",
      "shared rate limit unavailable: going ahead under this instance's limit only",
    ]);
  });
});
