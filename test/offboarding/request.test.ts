/**
 * POST /api/offboard (the HR-system trigger) and the read side the bot uses (`cases`, `audit`):
 * one use-case with the bot's `offboard` command; containment starts at once, even while Entra
 * still shows the account enabled (a hybrid user waits for the Entra Connect sync).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { offboard } from '../../functions/offboard.js';
import { auditTrailForUser, getCaseForUser, listOpenCases } from '../../shared/offboarding/queries.js';
import { getServices } from '../../functions/root/services.js';
import { callHttp } from '../support/http.js';
import { drainQueues } from './support/queues.js';
import { scenario, useOffboardingWorld } from './support/world.js';

const call = (body: unknown) =>
  callHttp(offboard, {
    method: 'POST',
    body: { string: typeof body === 'string' ? body : JSON.stringify(body) },
    headers: { 'content-type': 'application/json' },
  });

describe('POST /api/offboard', () => {
  const w = useOffboardingWorld();

  it('202 with the case id; contains at once although Entra still shows the account enabled', async () => {
    const s = await scenario(w, { enabled: true });
    const res = await call({
      user: s.leaver.userPrincipalName,
      reason: 'Last day 2026-11-30 (HR ticket 4411)',
      requestedBy: 'Workday',
    });
    expect(res.status).toBe(202);
    const body = res.json as { caseId: string; userId: string; created: boolean };
    expect(body).toEqual({ caseId: expect.any(String), userId: s.leaver.id, created: true });

    await drainQueues(w.connectionString());
    expect(w.netbird.blockCalls().map((b) => b.userId)).toEqual([s.netbirdUserId]);
    const c = (await getCaseForUser(getServices(), s.leaver.userPrincipalName))!;
    expect(c).toMatchObject({
      id: body.caseId,
      reason: 'manual',
      note: 'Last day 2026-11-30 (HR ticket 4411)',
      state: 'awaiting-approval',
      requestedBy: { kind: 'webhook', name: 'Workday' },
    });

    const again = await call({ user: s.leaver.id });
    expect(again.status).toBe(202);
    expect(again.json).toEqual({ caseId: body.caseId, userId: s.leaver.id, created: false });
    await drainQueues(w.connectionString());
    expect(w.netbird.blockCalls()).toHaveLength(1);

    expect((await listOpenCases(getServices())).map((x) => x.id)).toContain(body.caseId);
    const trail = await auditTrailForUser(getServices(), s.leaver.userPrincipalName.toUpperCase());
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'case.opened',
        'inventory',
        'netbird.block-user',
        'netbird.quarantine-peer',
        'state.changed',
        'teams.approval-sent',
        'case.requested-again',
      ]),
    );
    expect(new Set(trail.map((e) => e.correlationId))).toEqual(new Set([body.caseId]));
    expect([...trail].sort((a, b) => a.at.localeCompare(b.at))).toEqual(trail);
  });

  it.each([
    ['not JSON', 'user=alice', 'Body is not valid JSON'],
    ['no user', { reason: 'x' }, '"user" is required'],
    ['user not text', { user: 42 }, '"user" is required'],
    ['neither UPN nor id', { user: 'alice' }, 'neither a UPN (name@domain) nor an Entra object id'],
    ['reason too long', { user: 'a@contoso.com', reason: 'x'.repeat(501) }, 'at most 500 characters'],
    ['an array', [], 'Body must be a JSON object'],
  ])('400 with a clear message for %s, and nothing queued', async (_what, body, message) => {
    const res = await call(body);
    expect(res.status).toBe(400);
    expect((res.json as { error: { message: string } }).error.message).toContain(message);
    expect(await drainQueues(w.connectionString())).toBe(0);
  });

  it('404 for an unknown user', async () => {
    const res = await call({ user: `${randomUUID()}` });
    expect(res.status).toBe(404);
    expect((res.json as { error: { code: string } }).error.code).toBe('not_found');
    expect((await call({ user: 'nobody@contoso.com' })).status).toBe(404);
  });
});
