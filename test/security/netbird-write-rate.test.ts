/**
 * NETBIRD_WRITES_PER_SECOND is enforced on the wire: writes from one client arrive at NetBird at
 * most that often, reads are not held back, and the services' admin client is the limited one.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/index.js';
import { silentLogger } from '../../shared/logger.js';
import { NetBirdClient } from '../../shared/netbird/index.js';
import { WriteRateLimiter } from '../../shared/netbird/write-rate.js';
import { createServices } from '../../shared/services.js';
import { botTeamsSender } from '../../bot/teams-sender.js';
import { validEnv } from '../support/env.js';

const NETBIRD = 'https://netbird.contoso.test';

function client(writesPerSecond?: number) {
  return new NetBirdClient({
    baseUrl: NETBIRD,
    token: 'nbp_rateTestToken0123456789',
    logger: silentLogger,
    idp: { mode: 'embedded', connectorId: 'entra' },
    writesPerSecond,
  });
}

/** Replies 200 to DELETE /api/peers/* and GET /api/peers/*, recording when each arrived. */
function recordArrivals() {
  const deletes: number[] = [];
  const gets: number[] = [];
  nock(NETBIRD)
    .persist()
    .delete(/\/api\/peers\/.+/)
    .reply(200, () => {
      deletes.push(performance.now());
      return {};
    })
    .get(/\/api\/peers\/.+/)
    .reply(200, () => {
      gets.push(performance.now());
      return { id: 'peer', name: 'p', groups: [] };
    });
  return { deletes, gets };
}

describe('NetBird write rate', () => {
  it('spaces concurrent writes to the configured rate', async () => {
    const seen = recordArrivals();
    const nb = client(20);
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => nb.deletePeer(`peer-${i}`)));
    expect(seen.deletes).toHaveLength(8);
    // 8 writes at 20/s: the last may leave 7 × 50 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(7 * 50 - 5);
    // The k-th write cannot arrive before its slot, k × 50 ms after the first (delays only add).
    [...seen.deletes].sort((a, b) => a - b).forEach((t, k) => expect(t - started).toBeGreaterThanOrEqual(k * 50 - 2));
  });

  it('does not hold back reads, and has no limit when none is configured', async () => {
    const seen = recordArrivals();
    const limited = client(2);
    let started = performance.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => limited.getPeer(`peer-${i}`)));
    expect(seen.gets).toHaveLength(8);
    expect(performance.now() - started).toBeLessThan(400);
    started = performance.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => client().deletePeer(`peer-${i}`)));
    expect(seen.deletes).toHaveLength(8);
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('limits the admin client built by the services, not the read client', async () => {
    const seen = recordArrivals();
    const config = loadConfig(validEnv({ NETBIRD_WRITES_PER_SECOND: '10' }));
    const services = createServices(config, silentLogger, botTeamsSender(config, silentLogger));
    const started = performance.now();
    await Promise.all(Array.from({ length: 4 }, (_, i) => services.netbirdAdmin.deletePeer(`peer-${i}`)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 100 - 5);
    expect(seen.deletes).toHaveLength(4);
  });

  it('hands out evenly spaced slots on a fake clock', async () => {
    let now = 1_000;
    const limiter = new WriteRateLimiter(4, () => now);
    const t0 = performance.now();
    await limiter.acquire(); // slot 1000, no wait
    expect(performance.now() - t0).toBeLessThan(50);
    now = 1_100; // the next slot is 1250: waits 150 ms
    const t1 = performance.now();
    await limiter.acquire();
    expect(performance.now() - t1).toBeGreaterThanOrEqual(140);
    expect(() => new WriteRateLimiter(0)).toThrow(RangeError);
  });

  it('keeps its grid when a turn comes late, and starts it again after a pause', async () => {
    let now = 1_000;
    const limiter = new WriteRateLimiter(4, () => now); // a slot every 250 ms
    expect(await limiter.reserve()).toBe(0); // slot 1000
    now = 1_300; // the turn for slot 1250 comes 50 ms late (a busy process): it goes at once
    expect(await limiter.reserve()).toBe(0);
    // The next slot is still 1500, not 1300 + 250: the lateness is not passed on.
    expect(await limiter.reserve()).toBe(200);
    now = 5_000; // a pause of many slots: the grid starts again at now
    expect(await limiter.reserve()).toBe(0);
    expect(await limiter.reserve()).toBe(250);
  });
});
