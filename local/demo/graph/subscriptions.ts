/**
 * Change-notification subscriptions, validated as Graph validates them for users: resource `users`,
 * changeType from `updated,deleted`, an expiry in the future and at most 41,760 minutes away, a
 * clientState of at most 128 characters. Creating one performs the validation handshake against
 * `notificationUrl` (and `lifecycleNotificationUrl`): a POST with `?validationToken=…` that must be
 * answered within 10 s with 200, text/plain and the token; otherwise the create fails with 400.
 * The list and get answers hide `clientState` (null), the create answer echoes it.
 *
 * One liberty: Graph only calls https endpoints; the simulator also calls plain http on loopback,
 * so that the local host (`http://localhost:7071`) can receive notifications.
 * https://learn.microsoft.com/graph/api/subscription-post-subscriptions
 * https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../shared/logger.js';
import { odataContext, pageBody, type GraphCall, type GraphOperation } from './call.js';
import { parseQuery } from './query.js';
import { badRequest, GraphSimError, json, noContent } from './respond.js';
import type { SimSubscription } from './state.js';

export const MAX_USER_SUBSCRIPTION_MINUTES = 41_760;
const HANDSHAKE_TIMEOUT_MS = 10_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const TLS_VERSIONS = new Set(['v1_0', 'v1_1', 'v1_2', 'v1_3']);

/** Who may receive notifications: https anywhere, http on loopback only (see the header). */
export function deliverable(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  } catch {
    return false;
  }
}

/** The URL without its query, for logs: a function key travels as `?code=`. */
export function safeUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

function checkExpiry(value: unknown, now: Date): string {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw badRequest('expirationDateTime must be a date-time.', 'InvalidRequest');
  if (at <= now.getTime()) throw badRequest('Subscription expiration must be in the future.', 'InvalidRequest');
  if (at > now.getTime() + MAX_USER_SUBSCRIPTION_MINUTES * 60_000) {
    throw badRequest(
      `Subscription expiration can only be ${MAX_USER_SUBSCRIPTION_MINUTES} minutes in the future.`,
      'InvalidRequest',
    );
  }
  return new Date(at).toISOString();
}

/** Graph's handshake: the endpoint must echo the token, as text/plain, with 200, within 10 s. */
export async function handshake(url: string, logger: Logger): Promise<void> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = new URL(url);
  target.searchParams.set('validationToken', token);
  let problem: string | undefined;
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      redirect: 'manual',
      signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) problem = `answered ${response.status}`;
    else if (!(response.headers.get('content-type') ?? '').startsWith('text/plain'))
      problem = 'answered without Content-Type text/plain';
    else if (text !== token) problem = 'did not echo the validation token';
  } catch (err) {
    problem =
      err instanceof Error && err.name === 'TimeoutError' ? 'did not answer within 10 seconds' : 'could not be reached';
  }
  logger.info('Graph simulator validation handshake', { url: safeUrl(url), ok: problem === undefined, problem });
  if (problem) {
    throw badRequest(
      `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request (${safeUrl(url)} ${problem}).`,
      'ValidationError',
    );
  }
}

interface CreateBody {
  changeType?: unknown;
  notificationUrl?: unknown;
  lifecycleNotificationUrl?: unknown;
  resource?: unknown;
  expirationDateTime?: unknown;
  clientState?: unknown;
  latestSupportedTlsVersion?: unknown;
}

function checkCreate(body: CreateBody, now: Date): Omit<SimSubscription, 'id' | 'applicationId' | 'creatorId'> {
  if (typeof body.resource !== 'string' || body.resource.toLowerCase() !== 'users')
    throw badRequest(
      `Resource '${String(body.resource)}' is not supported by the simulator: only 'users'.`,
      'InvalidRequest',
    );
  const types = typeof body.changeType === 'string' ? body.changeType.split(',').map((s) => s.trim()) : [];
  if (types.length === 0 || types.some((t) => t !== 'updated' && t !== 'deleted'))
    throw badRequest(
      `ChangeType '${String(body.changeType)}' is not supported for resource 'users': use updated and/or deleted.`,
      'InvalidRequest',
    );
  if (typeof body.notificationUrl !== 'string' || !deliverable(body.notificationUrl))
    throw badRequest('notificationUrl must be an https URL.', 'InvalidRequest');
  const lifecycle = body.lifecycleNotificationUrl;
  if (lifecycle != null && (typeof lifecycle !== 'string' || !deliverable(lifecycle)))
    throw badRequest('lifecycleNotificationUrl must be an https URL.', 'InvalidRequest');
  if (body.clientState !== undefined && (typeof body.clientState !== 'string' || body.clientState.length > 128))
    throw badRequest('clientState must be a string of at most 128 characters.', 'InvalidRequest');
  const tls = body.latestSupportedTlsVersion ?? 'v1_2';
  if (typeof tls !== 'string' || !TLS_VERSIONS.has(tls))
    throw badRequest('latestSupportedTlsVersion must be v1_0, v1_1, v1_2 or v1_3.', 'InvalidRequest');
  return {
    resource: body.resource,
    changeType: types.join(','),
    notificationUrl: body.notificationUrl,
    lifecycleNotificationUrl: typeof lifecycle === 'string' ? lifecycle : null,
    expirationDateTime: checkExpiry(body.expirationDateTime, now),
    clientState: typeof body.clientState === 'string' ? body.clientState : null,
    latestSupportedTlsVersion: tls,
    includeResourceData: false,
  };
}

function active(call: GraphCall, id: string): SimSubscription {
  const sub = call.rt.state.subscriptions.get(id.toLowerCase());
  if (!sub || Date.parse(sub.expirationDateTime) <= call.rt.now().getTime())
    throw new GraphSimError(404, 'ResourceNotFound', 'The object was not found.');
  return sub;
}

const hidden = (sub: SimSubscription) => ({ ...sub, clientState: null });

export const createSubscription: GraphOperation = async (call) => {
  const fields = checkCreate(call.body ?? {}, call.rt.now());
  await handshake(fields.notificationUrl, call.rt.logger);
  if (fields.lifecycleNotificationUrl) await handshake(fields.lifecycleNotificationUrl, call.rt.logger);
  const sub: SimSubscription = {
    id: randomUUID(),
    applicationId: call.rt.state.clientId,
    creatorId: call.rt.state.clientId,
    ...fields,
  };
  call.rt.state.subscriptions.set(sub.id, sub);
  return json({ '@odata.context': odataContext(call.rt, 'subscriptions/$entity'), ...sub }, 201);
};

export const listSubscriptions: GraphOperation = (call) => {
  const q = parseQuery(call.params, ['$skiptoken']);
  const now = call.rt.now().getTime();
  const page = q.skiptoken
    ? call.rt.pager.next(q.skiptoken)
    : call.rt.pager.first(
        [...call.rt.state.subscriptions.values()].filter((s) => Date.parse(s.expirationDateTime) > now).map(hidden),
        call.rt.pageSize,
      );
  return json(pageBody(call.rt, 'subscriptions', 'subscriptions', page));
};

export const getSubscription: GraphOperation = (call, [id = '']) =>
  json({ '@odata.context': odataContext(call.rt, 'subscriptions/$entity'), ...hidden(active(call, id)) });

export const renewSubscription: GraphOperation = (call, [id = '']) => {
  const sub = active(call, id);
  sub.expirationDateTime = checkExpiry(
    (call.body as { expirationDateTime?: unknown } | undefined)?.expirationDateTime,
    call.rt.now(),
  );
  return json({ '@odata.context': odataContext(call.rt, 'subscriptions/$entity'), ...hidden(sub) });
};

export const deleteSubscription: GraphOperation = (call, [id = '']) => {
  call.rt.state.subscriptions.delete(active(call, id).id);
  return noContent();
};

export const reauthorizeSubscription: GraphOperation = (call, [id = '']) => {
  active(call, id);
  return noContent();
};
