/**
 * The retry timer's decisions (shared/offboarding/retry.ts) on a simulated clock, and the error
 * classification it relies on (classify.ts): a stuck case is re-queued once, a case a live runner
 * holds or the blast-radius guard holds is left alone, retries stop after RETRY_FOR_DAYS and the
 * card says a person must act; the back-off grows 1, 2, 5, 15, 30, 30… minutes.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, ConfigError, UpstreamError } from '../../shared/errors.js';
import { GraphError } from '../../shared/graph/errors.js';
import { NetBirdError } from '../../shared/netbird/errors.js';
import { openCase, updateCase } from '../../shared/offboarding/cases.js';
import { needsPerson } from '../../shared/offboarding/classify.js';
import { offboardingContext, type OffboardingContext } from '../../shared/offboarding/context.js';
import { backoffMs, noteFailure } from '../../shared/offboarding/episodes.js';
import { runRetries } from '../../shared/offboarding/retry.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { useOffboardingWorld } from './support/world.js';

const MIN = 60_000;

describe('error classification: retry, or a person must act', () => {
  const nb = (status: number, message?: string) =>
    new NetBirdError(status, `NetBird PUT /api/users/{userId} failed (${status})`, {
      operation: 'PUT /api/users/{userId}',
      ...(message ? { body: { message, code: status } } : {}),
    });
  it('tells apart what retrying cannot fix', () => {
    expect(needsPerson(nb(403, 'unable to block owner user'))).toMatch(
      /NetBird refused the write \(403\): "unable to block owner user"; an account owner cannot be blocked/,
    );
    expect(needsPerson(nb(401))).toMatch(/did not accept the app's credentials \(401\)/);
    expect(needsPerson(nb(422, 'invalid group'))).toMatch(/refused the request \(422\)/);
    expect(
      needsPerson(
        new GraphError({
          method: 'GET',
          path: '/users/x/manager',
          upstreamStatus: 403,
          graphCode: 'Authorization_RequestDenied',
        }),
      ),
    ).toMatch(/Microsoft Graph refused the call \(403\).*missing a permission/);
    expect(needsPerson(new ConfigError(['NETBIRD_ADMIN_TOKEN is required']))).toMatch(/configuration/);
  });
  it('retries outages, throttling, lost races and not-yet-visible entities', () => {
    for (const s of [0, 429, 500, 502, 503, 504, 404, 409, 412]) expect(needsPerson(nb(s))).toBeUndefined();
    expect(
      needsPerson(new GraphError({ method: 'GET', path: '/users/x', upstreamStatus: 0, graphCode: 'timeout' })),
    ).toBeUndefined();
    expect(needsPerson(new UpstreamError('storage', 503, 'down'))).toBeUndefined();
    expect(needsPerson(new ConflictError('group changed'))).toBeUndefined();
    expect(needsPerson(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('the retry timer', () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });
  let t = 0;
  const ctx = (): OffboardingContext => offboardingContext(getServices(), { now: () => new Date(t) });
  const open = async (userId: string, extra: Parameters<typeof openCase>[1]['hold'] = undefined) => {
    const opened = await openCase(ctx(), {
      userId,
      upn: `${userId.slice(0, 6)}@contoso.com`,
      reason: 'disabled',
      requestedBy: { kind: 'notification' },
      manual: false,
      ...(extra ? { hold: extra } : {}),
    });
    return opened!.case;
  };
  const drainWork = async () => (await ctx().storage.work.receive(32, 1)).map((m) => m.ok && m.body);

  it('grows the back-off 1, 2, 5, 15, 30 minutes, then every 30', () => {
    const config = getServices().config;
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => backoffMs(config, a) / MIN)).toEqual([1, 2, 5, 15, 30, 30, 30]);
  });

  it('re-queues a case that has not moved for RETRY_STALL_MINUTES (a lost message) once, and leaves leased and held ones alone', async () => {
    t = Date.parse('2026-12-04T09:00:00Z');
    await drainWork();
    const stuck = await open(crypto.randomUUID());
    const leased = await open(crypto.randomUUID());
    const held = await open(crypto.randomUUID(), { batchId: 'b1', at: new Date(t).toISOString() });
    await updateCase(ctx(), leased.userId, (c) => ({
      ...c,
      lease: { owner: 'message:alive', until: new Date(t + 20 * MIN).toISOString() },
    }));

    t += 14 * MIN;
    expect((await runRetries(ctx())).requeued).not.toContain(stuck.id);
    t += 2 * MIN;
    const run = await runRetries(ctx());
    expect(run.stuck).toContain(stuck.id);
    expect(run.requeued).not.toContain(leased.id);
    expect(run.requeued).not.toContain(held.id);
    expect(await drainWork()).toContainEqual({ kind: 'advance', userId: stuck.userId, reason: 'automatic retry 1' });
    const trail = await ctx().storage.audit.listByCorrelation(stuck.id);
    expect(trail.map((e) => e.action)).toContain('case.retried');
    // The retry is in flight: the next run does not queue it again.
    t += MIN;
    expect((await runRetries(ctx())).requeued).not.toContain(stuck.id);
    // No card for a silent re-queue of a stuck case.
    expect(w.bot.activities).toEqual([]);
  });

  it('stops after RETRY_FOR_DAYS (7): the card says a person must act, and no more retries are queued', async () => {
    t = Date.parse('2026-12-01T09:00:00Z');
    const c = await open(crypto.randomUUID());
    await updateCase(ctx(), c.userId, (cur) => ({
      ...cur,
      failure: { at: new Date(t).toISOString(), step: 'block', message: 'NetBird answered 503' },
    }));
    const noted = await noteFailure(ctx(), c.userId, { cause: 'failed' });
    expect(noted.alerted).toBe(true);
    const alert = noted.case!.retry!;
    expect(alert.nextAt).toBe(new Date(t + MIN).toISOString());

    t += 7 * 86_400_000 + MIN;
    const run = await runRetries(ctx());
    expect(run.gaveUp).toEqual([c.id]);
    const sent = (await ctx().storage.cases.get('case', c.userId))!.value.retry!;
    expect(sent).toMatchObject({ gaveUpAt: new Date(t).toISOString() });
    expect(sent.nextAt).toBeUndefined();
    // (Other tests' open cases are acted on in the same run: pick this case's card.)
    const last = w.bot.activities.filter((a) => a.activityId === sent.alert!.activityId).at(-1)!;
    expect(last.method).toBe('PUT');
    expect(JSON.stringify(last.activity)).toContain('Offboarding needs a person');
    expect(JSON.stringify(last.activity)).toContain('Automatic retries stopped');
    expectValidCard((last.activity.attachments as { content: unknown }[])[0]!.content);
    t += 60 * MIN;
    const later = await runRetries(ctx());
    expect(later.requeued).not.toContain(c.id);
    expect(later.gaveUp).toEqual([]);
    expect(
      w.bot.activities.filter((a) => a.method === 'POST' && JSON.stringify(a.activity).includes(c.id)),
    ).toHaveLength(1);
  });
});
