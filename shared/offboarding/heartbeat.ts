/**
 * Heartbeats of the timers the offboarding loop depends on: the delta sweep, the Graph subscription
 * renewal and the retry timer. Each run records its success or failure (`withHeartbeat`), then
 * checks all three: one that has not succeeded for longer than its threshold (by default twice its
 * period, config `heartbeats`) gets one alert card in the IT channel, updated in place while it
 * stays overdue (at most every 30 minutes) and finally to "running again". Any live timer watches
 * the others; if every timer is dead, the Azure Monitor alert rules in infra/main.bicep fire on the
 * missing `timer heartbeat` log records.
 */
import { errorMessage } from '../errors.js';
import type { OffboardingContext } from './context.js';
import { HEARTBEAT_PARTITION, HEARTBEATS, type Heartbeat, type HeartbeatName } from './heartbeat-model.js';
import type { HeartbeatView } from './views.js';

const heartbeatView = (beat: Heartbeat, thresholdMinutes: number, recoveredAt?: string): HeartbeatView => ({
  kind: 'offboarding.heartbeat',
  beat,
  thresholdMinutes,
  ...(recoveredAt ? { recoveredAt } : {}),
});

const UPDATE_EVERY_MS = 30 * 60_000;

/** Runs a timer's work and records its heartbeat; the overdue check runs either way and never throws. */
export async function withHeartbeat<T>(
  ctx: OffboardingContext,
  name: HeartbeatName,
  work: () => Promise<T>,
): Promise<T> {
  try {
    const result = await work();
    await beat(ctx, name, undefined);
    // The record Azure Monitor's "heartbeat missing" rules count (infra/main.bicep).
    ctx.logger.info('timer heartbeat', { heartbeat: name, ok: true });
    return result;
  } catch (err) {
    await beat(ctx, name, err).catch((e: unknown) =>
      ctx.logger.warn('could not record a failed heartbeat', { heartbeat: name, error: errorMessage(e) }),
    );
    ctx.logger.error('timer failed', { heartbeat: name, ok: false, error: errorMessage(err) });
    throw err;
  } finally {
    await checkHeartbeats(ctx).catch((e: unknown) =>
      ctx.logger.warn('heartbeat check failed', { error: errorMessage(e) }),
    );
  }
}

async function beat(ctx: OffboardingContext, name: HeartbeatName, err: unknown): Promise<void> {
  const at = ctx.now().toISOString();
  await ctx.storage.heartbeats.mutate(HEARTBEAT_PARTITION, name, (cur) => {
    const base: Heartbeat = cur ?? { name, firstSeenAt: at };
    return err === undefined
      ? { ...base, lastSuccessAt: at }
      : { ...base, lastFailureAt: at, lastError: errorMessage(err).slice(0, 300) };
  });
}

export function thresholdMinutes(ctx: OffboardingContext, name: HeartbeatName): number {
  return ctx.services.config.heartbeats[name];
}

export function isOverdue(ctx: OffboardingContext, b: Heartbeat): boolean {
  const since = Date.parse(b.lastSuccessAt ?? b.firstSeenAt);
  return ctx.now().getTime() - since > thresholdMinutes(ctx, b.name) * 60_000;
}

export interface HeartbeatCheck {
  overdue: HeartbeatName[];
  alerted: HeartbeatName[];
  recovered: HeartbeatName[];
}

/** Alerts for overdue timers (once, then updated), and marks the recovered ones. */
export async function checkHeartbeats(ctx: OffboardingContext): Promise<HeartbeatCheck> {
  const out: HeartbeatCheck = { overdue: [], alerted: [], recovered: [] };
  for (const name of HEARTBEATS) {
    const at = ctx.now().toISOString();
    // Starts watching a timer that has never run, so one that never starts is noticed too.
    const row = (
      await ctx.storage.heartbeats.mutate(HEARTBEAT_PARTITION, name, (cur) =>
        cur ? undefined : { name, firstSeenAt: at },
      )
    ).value!;
    if (isOverdue(ctx, row)) {
      out.overdue.push(name);
      if (await alertOverdue(ctx, row)) out.alerted.push(name);
    } else if (row.alert) {
      if (await alertRecovered(ctx, row)) out.recovered.push(name);
    }
  }
  return out;
}

async function alertOverdue(ctx: OffboardingContext, row: Heartbeat): Promise<boolean> {
  const now = ctx.now();
  const threshold = thresholdMinutes(ctx, row.name);
  if (row.alert?.sent) {
    if (now.getTime() - Date.parse(row.alert.updatedAt) < UPDATE_EVERY_MS) return false;
    const claim = await ctx.storage.heartbeats.mutate(HEARTBEAT_PARTITION, row.name, (cur) =>
      cur?.alert?.updatedAt === row.alert?.updatedAt && cur?.alert
        ? { ...cur, alert: { ...cur.alert, updatedAt: now.toISOString() } }
        : undefined,
    );
    if (!claim.written || !claim.value) return false;
    await ctx.teams
      .update(row.alert.sent, heartbeatView(claim.value, threshold))
      .catch((err: unknown) =>
        ctx.logger.warn('could not update a heartbeat alert', { heartbeat: row.name, error: errorMessage(err) }),
      );
    return false;
  }
  // Claim the alert first (ETag), so two timers checking at once post one card.
  const claimed = await ctx.storage.heartbeats.mutate(HEARTBEAT_PARTITION, row.name, (cur) =>
    cur && !cur.alert ? { ...cur, alert: { since: now.toISOString(), updatedAt: now.toISOString() } } : undefined,
  );
  if (!claimed.written || !claimed.value) return false;
  ctx.logger.error('timer heartbeat overdue', {
    heartbeat: row.name,
    lastSuccessAt: row.lastSuccessAt,
    thresholdMinutes: threshold,
  });
  try {
    const sent = await ctx.teams.postToChannel(heartbeatView(claimed.value, threshold));
    await ctx.storage.heartbeats.mutate(HEARTBEAT_PARTITION, row.name, (cur) =>
      cur?.alert ? { ...cur, alert: { ...cur.alert, sent } } : undefined,
    );
    return true;
  } catch (err) {
    // Give the claim back, so the next check tries again.
    await ctx.storage.heartbeats.mutate(HEARTBEAT_PARTITION, row.name, (cur) =>
      cur?.alert && !cur.alert.sent ? { ...cur, alert: undefined } : undefined,
    );
    ctx.logger.error('could not post a heartbeat alert', { heartbeat: row.name, error: errorMessage(err) });
    return false;
  }
}

async function alertRecovered(ctx: OffboardingContext, row: Heartbeat): Promise<boolean> {
  const cleared = await ctx.storage.heartbeats.mutate(HEARTBEAT_PARTITION, row.name, (cur) =>
    cur?.alert ? { ...cur, alert: undefined } : undefined,
  );
  if (!cleared.written || !row.alert?.sent) return false;
  ctx.logger.info('timer heartbeat recovered', { heartbeat: row.name });
  try {
    await ctx.teams.update(
      row.alert.sent,
      heartbeatView(row, thresholdMinutes(ctx, row.name), row.lastSuccessAt ?? ctx.now().toISOString()),
    );
    return true;
  } catch (err) {
    ctx.logger.warn('could not update a heartbeat alert to "running again"', {
      heartbeat: row.name,
      error: errorMessage(err),
    });
    return false;
  }
}
