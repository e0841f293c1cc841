/**
 * The one Graph subscription on `users` (`updated,deleted`, with the lifecycle URL, which cannot be
 * added later), kept in table storage with its clientState secret. The timer makes sure it exists,
 * renews it well before it expires (at most 41,760 minutes), and recreates it when Graph has lost it
 * or the URLs changed. Every host queues one ensure when it starts (host-start.ts), so a fresh
 * deployment has its subscription within seconds, not at the first 6-hourly tick; an ensure holds
 * a lease row (Leases, `graph-subscription`/`users`), so hosts starting together create one
 * subscription: the second waits, then finds it and keeps it. Lifecycle events: `reauthorizationRequired` → reauthorize (renew if that
 * fails); `subscriptionRemoved` → recreate, then sweep; `missed` → sweep.
 * https://learn.microsoft.com/graph/api/resources/subscription
 * https://learn.microsoft.com/graph/change-notifications-lifecycle-events
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../config/index.js';
import { GraphError, MAX_USER_SUBSCRIPTION_MINUTES } from '../graph/index.js';
import { errorMessage } from '../errors.js';
import { registerSecrets } from '../logger.js';
import { withLease } from '../store/lease.js';
import type { GraphSubscription } from '../store/tables.js';
import { SYSTEM, auditEvent, type AuditInput } from './audit.js';
import type { OffboardingContext } from './context.js';
import { forgetSubscription } from './graph-webhook/client-state.js';
import { SUBSCRIPTION_PARTITION } from './storage.js';
import { runSweep, type SweepResult } from './sweep.js';

/** A few minutes under Graph's maximum, so clock skew never makes Graph refuse the date. */
export const LIFETIME_MINUTES = MAX_USER_SUBSCRIPTION_MINUTES - 30;
/** Renew once less than this is left: the timer (every 6 h by default) gets dozens of chances. */
export const RENEW_WHEN_LEFT_MS = 7 * 24 * 3_600_000;
export const SUBSCRIPTION_AUDIT_ID = 'graph-subscriptions';
/** The lease that makes ensures one at a time across instances; longer than any ensure takes. */
export const ENSURE_LEASE = {
  partition: 'graph-subscription',
  name: 'users',
  ttlMs: 2 * 60_000,
  waitMs: 90_000,
} as const;

export type EnsureOutcome =
  | { action: 'not-configured'; reason: string }
  | { action: 'created' | 'renewed' | 'kept' | 'recreated'; id: string; expiresAt: string };

export function webhookUrls(config: Config): { notificationUrl: string; lifecycleNotificationUrl: string } | undefined {
  if (!config.publicBaseUrl) return undefined;
  const key = config.offboarding.webhookFunctionKey;
  const url = (route: string) => `${config.publicBaseUrl}/api/${route}${key ? `?code=${encodeURIComponent(key)}` : ''}`;
  return { notificationUrl: url('graph/notifications'), lifecycleNotificationUrl: url('graph/lifecycle') };
}

/**
 * The URLs as stored with the subscription: the function key replaced by a fingerprint, so the table
 * never holds the key in clear (issue 11) yet a changed key is still noticed and the subscription
 * recreated with the new one.
 */
export function storedForm(url: string): string {
  return url.replace(
    /([?&]code=)([^&]*)/,
    (_, prefix: string, code: string) =>
      `${prefix}sha256-${createHash('sha256').update(decodeURIComponent(code), 'utf8').digest('hex').slice(0, 16)}`,
  );
}

const storedUrls = (urls: { notificationUrl: string; lifecycleNotificationUrl: string }) => ({
  notificationUrl: storedForm(urls.notificationUrl),
  lifecycleNotificationUrl: storedForm(urls.lifecycleNotificationUrl),
});

const expiry = (now: Date) => new Date(now.getTime() + LIFETIME_MINUTES * 60_000).toISOString();

async function note(ctx: OffboardingContext, input: Omit<AuditInput, 'actor'>): Promise<void> {
  await ctx.storage.audit.append(auditEvent(SUBSCRIPTION_AUDIT_ID, undefined, { actor: SYSTEM, ...input }, ctx.now()));
}

async function storedSubscriptions(ctx: OffboardingContext): Promise<GraphSubscription[]> {
  const rows = await ctx.storage.subscriptions.listPartition(SUBSCRIPTION_PARTITION);
  const users = rows.map((r) => r.value).filter((s) => s.resource.toLowerCase() === 'users');
  registerSecrets(users.map((s) => s.clientState));
  return users.sort((a, b) => b.expirationDateTime.localeCompare(a.expirationDateTime));
}

export async function ensureSubscription(ctx: OffboardingContext): Promise<EnsureOutcome> {
  if (!webhookUrls(ctx.services.config)) return ensureUnlocked(ctx);
  const { partition, name, ttlMs, waitMs } = ENSURE_LEASE;
  return withLease(ctx.storage.leases, partition, name, `ensure:${randomUUID()}`, { ttlMs, waitMs }, () =>
    ensureUnlocked(ctx),
  );
}

async function ensureUnlocked(ctx: OffboardingContext): Promise<EnsureOutcome> {
  const urls = webhookUrls(ctx.services.config);
  if (!urls) {
    ctx.logger.warn('PUBLIC_BASE_URL is not set: no Graph subscription (the delta sweep still runs)');
    return { action: 'not-configured', reason: 'PUBLIC_BASE_URL is not set' };
  }
  const [current, ...stale] = await storedSubscriptions(ctx);
  for (const old of stale) await removeSubscription(ctx, old, 'a newer subscription exists');
  if (!current) return create(ctx, 'created', 'no subscription yet');
  const expected = storedUrls(urls);
  if (
    current.notificationUrl !== expected.notificationUrl ||
    current.lifecycleNotificationUrl !== expected.lifecycleNotificationUrl
  ) {
    await removeSubscription(ctx, current, 'the webhook URLs changed');
    return create(ctx, 'recreated', 'the webhook URLs changed');
  }
  const remote = await ctx.services.graph.getSubscription(current.id);
  if (!remote) {
    await removeSubscription(ctx, current, 'Graph no longer has it');
    return create(ctx, 'recreated', 'Graph had lost the subscription');
  }
  const left = Date.parse(remote.expirationDateTime) - ctx.now().getTime();
  if (left > RENEW_WHEN_LEFT_MS) return { action: 'kept', id: current.id, expiresAt: remote.expirationDateTime };
  return renew(ctx, current);
}

async function renew(ctx: OffboardingContext, current: GraphSubscription): Promise<EnsureOutcome> {
  const until = expiry(ctx.now());
  try {
    const renewed = await ctx.services.graph.renewSubscription(current.id, until);
    await ctx.storage.subscriptions.upsert(SUBSCRIPTION_PARTITION, current.id, {
      ...current,
      expirationDateTime: renewed.expirationDateTime,
      updatedAt: ctx.now().toISOString(),
    });
    await note(ctx, {
      action: 'subscription.renewed',
      result: 'ok',
      target: current.id,
      summary: `Graph subscription renewed until ${renewed.expirationDateTime}`,
    });
    return { action: 'renewed', id: current.id, expiresAt: renewed.expirationDateTime };
  } catch (err) {
    if (!(err instanceof GraphError && err.isNotFound)) throw err;
    await removeSubscription(ctx, current, 'Graph no longer has it');
    return create(ctx, 'recreated', 'Graph had lost the subscription');
  }
}

async function create(ctx: OffboardingContext, action: 'created' | 'recreated', why: string): Promise<EnsureOutcome> {
  const urls = webhookUrls(ctx.services.config)!;
  // 256 random bits, base64url: Graph allows 128 characters. A secret: registered before any use.
  const clientState = randomBytes(32).toString('base64url');
  registerSecrets([clientState]);
  const now = ctx.now();
  const created = await ctx.services.graph.createSubscription({
    changeType: 'updated,deleted',
    resource: 'users',
    ...urls,
    expirationDateTime: expiry(now),
    clientState,
    latestSupportedTlsVersion: 'v1_2',
  });
  await ctx.storage.subscriptions.upsert(SUBSCRIPTION_PARTITION, created.id, {
    id: created.id,
    resource: 'users',
    changeType: 'updated,deleted',
    clientState,
    expirationDateTime: created.expirationDateTime,
    ...storedUrls(urls),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  await note(ctx, {
    action: `subscription.${action}`,
    result: 'ok',
    target: created.id,
    summary: `Graph subscription on users ${action} (${why}), expires ${created.expirationDateTime}`,
  });
  ctx.logger.info('Graph subscription created', { id: created.id, expires: created.expirationDateTime, why });
  return { action, id: created.id, expiresAt: created.expirationDateTime };
}

async function removeSubscription(ctx: OffboardingContext, s: GraphSubscription, why: string): Promise<void> {
  try {
    await ctx.services.graph.deleteSubscription(s.id);
  } catch (err) {
    ctx.logger.warn('could not delete a Graph subscription; removing our record anyway', {
      id: s.id,
      error: errorMessage(err),
    });
  }
  await ctx.storage.subscriptions.delete(SUBSCRIPTION_PARTITION, s.id);
  forgetSubscription(s.id);
  await note(ctx, {
    action: 'subscription.removed',
    result: 'ok',
    target: s.id,
    summary: `Graph subscription removed: ${why}`,
  });
}

export type LifecycleOutcome = {
  event: string;
  subscription?: EnsureOutcome | { action: 'reauthorized'; id: string };
  sweep?: SweepResult;
};

export async function handleLifecycle(
  ctx: OffboardingContext,
  event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed',
  subscriptionId: string,
): Promise<LifecycleOutcome> {
  switch (event) {
    case 'reauthorizationRequired':
      return { event, subscription: await reauthorize(ctx, subscriptionId) };
    case 'subscriptionRemoved': {
      const stored = (await storedSubscriptions(ctx)).find((s) => s.id === subscriptionId);
      if (stored) await removeSubscription(ctx, stored, 'Graph removed it (lifecycle event)');
      const subscription = await ensureSubscription(ctx);
      return { event, subscription, sweep: await runSweep(ctx, 'subscription removed: catching up') };
    }
    case 'missed':
      return { event, sweep: await runSweep(ctx, 'Graph missed notifications') };
  }
}

async function reauthorize(
  ctx: OffboardingContext,
  id: string,
): Promise<EnsureOutcome | { action: 'reauthorized'; id: string }> {
  try {
    await ctx.services.graph.reauthorizeSubscription(id);
    await note(ctx, {
      action: 'subscription.reauthorized',
      result: 'ok',
      target: id,
      summary: 'Graph subscription reauthorized',
    });
    return { action: 'reauthorized', id };
  } catch (err) {
    ctx.logger.warn('reauthorize failed; renewing instead', { id, error: errorMessage(err) });
  }
  // Renewing also reauthorizes; a lost subscription is recreated.
  const stored = (await storedSubscriptions(ctx)).find((s) => s.id === id);
  return stored ? renew(ctx, stored) : ensureSubscription(ctx);
}
