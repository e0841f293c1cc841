import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { toSnapshot } from '../../shared/waves/snapshot.js';
import { statusSignature } from '../../shared/waves/snapshot.js';
import { WaveSnapshotStore } from '../../shared/waves/store.js';
import type { WaveEvaluation } from '../../shared/waves/types.js';

function snapshotAt(wave: string, iso: string, status: WaveEvaluation['status'] = 'green') {
  return toSnapshot({
    wave,
    source: 'NetBird group "x"',
    evaluatedAt: iso,
    status,
    decision: 'go',
    users: 1,
    peers: 1,
    usersWithoutPeers: [],
    notes: [],
    checks: [
      {
        id: 'connected-now',
        title: 'Connected now',
        status,
        summary: 's',
        value: 1,
        unit: 'share',
        evidence: { peers: Array.from({ length: 40 }, (_, i) => `P${i}`) },
      },
    ],
  });
}

describe('WaveSnapshots table (Azurite)', () => {
  let store: WaveSnapshotStore;
  beforeEach(() => {
    store = WaveSnapshotStore.fromConnectionString(inject('azuriteConnectionString'), {
      prefix: `t${randomUUID().replace(/-/g, '').slice(0, 10)}`,
    });
  });

  it('keeps every snapshot, newest first, per wave (wave names ignore case)', async () => {
    await store.save(snapshotAt('Pilot/1', '2026-11-18T08:00:00.000Z'));
    await store.save(snapshotAt('Pilot/1', '2026-11-20T08:00:00.000Z', 'red'));
    await store.save(snapshotAt('pilot/1', '2026-11-19T08:00:00.000Z'));
    await store.save(snapshotAt('Pilot 2', '2026-11-21T08:00:00.000Z'));
    expect((await store.history('PILOT/1')).map((s) => s.takenAt)).toEqual([
      '2026-11-20T08:00:00.000Z',
      '2026-11-19T08:00:00.000Z',
      '2026-11-18T08:00:00.000Z',
    ]);
    expect((await store.latest('Pilot/1'))?.status).toBe('red');
    expect(await store.history('Pilot/1', 2)).toHaveLength(2);
    expect(await store.latest('Pilot 3')).toBeUndefined();
  });

  it('keeps only the first names and the total of each evidence list', async () => {
    const s = snapshotAt('Pilot 1', '2026-11-20T08:00:00.000Z');
    expect(s.checks[0]?.peers).toEqual({ shown: ['P0', 'P1', 'P2', 'P3', 'P4'], total: 40 });
    await store.save(s);
    expect(await store.latest('Pilot 1')).toEqual(s);
  });

  it("remembers the day's card apart from the snapshots, and refuses a malformed one", async () => {
    const sent = {
      conversationId: '19:it@thread.tacv2',
      activityId: 'activity-1',
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      via: 'channel' as const,
    };
    const s = snapshotAt('Pilot 1', '2026-11-20T08:00:00.000Z');
    await store.save(s);
    const card = {
      wave: 'Pilot 1',
      day: '2026-11-20',
      sent,
      signature: statusSignature(s),
      postedAt: s.takenAt,
      updatedAt: s.takenAt,
    };
    await store.saveDayCard(card);
    expect(await store.dayCard('pilot 1', '2026-11-20')).toEqual(card);
    expect(await store.dayCard('Pilot 1', '2026-11-21')).toBeUndefined();
    expect(await store.history('Pilot 1')).toHaveLength(1);
    await expect(store.saveDayCard({ ...card, day: '20-11-2026' })).rejects.toThrow();
    expect(await store.dayCard('Pilot 1', '2026-11-20')).toEqual(card);
  });
});
