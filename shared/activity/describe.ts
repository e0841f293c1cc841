/**
 * Turns a NetBird audit event into an ActivityItem: who did it (the initiator resolved to a name,
 * or the setup key a peer enrolled with), what changed, on what, when. An activity code this app
 * does not know (a newer NetBird's) is described generically from NetBird's own message and meta,
 * never refused.
 */
import type { NetBirdEvent } from '../netbird/types.js';
import { KNOWN_CODES, SETUP_KEY_ENROLMENT_CODES } from './codes.js';
import type { ActivityFact, ActivityItem } from './types.js';

/** What the describer may look things up in; each part is optional (loaded only when needed). */
export interface ActivityDirectory {
  users?: ReadonlyMap<string, { name: string; email: string }>;
  setupKeys?: ReadonlyMap<string, { name: string; type: string }>;
  policies?: ReadonlyMap<string, { name: string; enabled: boolean }>;
}

/** Meta keys never shown: `key` is (a masked form of) a setup key's secret. */
const HIDDEN_META = new Set(['key']);
const MAX_FACTS = 6;
const MAX_VALUE = 200;

function metaText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function metaString(meta: Record<string, unknown>, key: string): string | undefined {
  const v = meta[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function person(name: string | undefined, email: string | undefined): string | undefined {
  if (name && email && name !== email) return `${name} (${email})`;
  return name || email || undefined;
}

export function initiatorOf(event: NetBirdEvent, dir: ActivityDirectory): string {
  const meta = event.meta as Record<string, unknown>;
  if (SETUP_KEY_ENROLMENT_CODES.has(event.activity_code)) {
    // NetBird records the key as the initiator of a setup-key enrolment (its id in initiator_id).
    const key = metaString(meta, 'setup_key_name') ?? dir.setupKeys?.get(event.initiator_id)?.name;
    return key ? `setup key "${key}"` : `setup key ${event.initiator_id || '(unknown)'}`;
  }
  const known = dir.users?.get(event.initiator_id);
  return (
    person(event.initiator_name || known?.name, event.initiator_email || known?.email) ??
    (event.initiator_id || 'NetBird')
  );
}

function targetOf(event: NetBirdEvent): string {
  const meta = event.meta as Record<string, unknown>;
  return (
    person(metaString(meta, 'name'), metaString(meta, 'email')) ??
    metaString(meta, 'fqdn') ??
    (event.target_id || '(none)')
  );
}

function isReusableKey(event: NetBirdEvent, dir: ActivityDirectory): boolean {
  const meta = event.meta as Record<string, unknown>;
  return metaString(meta, 'type') === 'reusable' || dir.setupKeys?.get(event.target_id)?.type === 'reusable';
}

export function describeEvent(event: NetBirdEvent, dir: ActivityDirectory = {}): ActivityItem {
  const known = KNOWN_CODES[event.activity_code];
  const meta = event.meta as Record<string, unknown>;
  const facts: ActivityFact[] = [];
  let standOut: string | undefined;
  if (known?.area === 'setup-key' && isReusableKey(event, dir)) {
    standOut = 'Reusable setup key: any number of machines can enrol with it';
  }
  if (
    known?.area === 'policy' &&
    event.activity_code.startsWith('policy.') &&
    event.activity_code !== 'policy.delete'
  ) {
    // NetBird logs enabling and disabling a policy as an update; the policy's state now says which.
    const policy = dir.policies?.get(event.target_id);
    if (policy) facts.push({ title: 'Now', value: policy.enabled ? 'enabled' : 'disabled' });
  }
  for (const [key, value] of Object.entries(meta)) {
    if (facts.length >= MAX_FACTS) break;
    if (HIDDEN_META.has(key) || value === null || value === undefined || value === '') continue;
    facts.push({ title: key, value: metaText(value) });
  }
  if (!known) facts.push({ title: 'Code', value: event.activity_code || '(none)' });
  return {
    id: event.id,
    at: event.timestamp,
    code: event.activity_code,
    area: known?.area ?? 'other',
    what: known?.label ?? (event.activity || event.activity_code || 'NetBird event'),
    who: initiatorOf(event, dir),
    target: targetOf(event),
    facts,
    ...(standOut ? { standOut } : {}),
    known: known !== undefined,
  };
}
