/**
 * The blast-radius guard's held batch under a burst (shared/offboarding/blast-radius.ts): hundreds
 * of users held into one batch row at once, by one process, on Azurite.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { holdInBatch, loadBatch } from '../../shared/offboarding/blast-radius.js';
import { useOffboardingWorld } from './support/world.js';

describe('holding a burst in one batch', () => {
  const w = useOffboardingWorld();

  it('records every user held at once, without running out of write retries, and posts one card', async () => {
    const batchId = randomUUID();
    const at = new Date().toISOString();
    const users = Array.from({ length: 40 }, (_, i) => ({ userId: randomUUID(), name: `Leaver ${i}` }));
    // 40 checks holding their user together: each a read-modify-write of the one batch row.
    const results = await Promise.allSettled(
      users.map((u) =>
        holdInBatch(w.ctx(), batchId, 'burst', [u], { allowance: 10, netbirdUsers: 200, collectUntil: at }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const batch = await loadBatch(w.ctx(), batchId);
    expect(new Set(batch!.users.map((u) => u.userId))).toEqual(new Set(users.map((u) => u.userId)));
    const posted = w.bot.cards().filter((c) => JSON.stringify(c).includes('Blast-radius guard'));
    expect(posted.length).toBeGreaterThanOrEqual(1);
    expect(batch!.message).toBeDefined();
  });
});
