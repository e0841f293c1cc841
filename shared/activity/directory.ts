/**
 * What the feed needs to know besides the events: which initiators are this app itself, and the
 * names behind ids. Each list is read only when a batch needs it, so a quiet run costs one call.
 */
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { NetBirdEvent, NetBirdPolicy, NetBirdSetupKey, NetBirdUser } from '../netbird/types.js';
import { KNOWN_CODES, SETUP_KEY_ENROLMENT_CODES } from './codes.js';
import type { ActivityDirectory } from './describe.js';

export interface DirectoryReader {
  listUsers(options?: { serviceUsers?: boolean }): Promise<NetBirdUser[]>;
  listSetupKeys(): Promise<NetBirdSetupKey[]>;
  listPolicies(): Promise<NetBirdPolicy[]>;
}

/**
 * The service users behind this app's tokens: NetBird marks the caller `is_current` in a users
 * list (`GET /api/users/current` answers 403 to service users, shared/netbird/health.ts). Its
 * writes (blocks, peer deletes, quarantine) are already on their offboarding case.
 */
export async function appInitiators(
  clients: readonly Pick<DirectoryReader, 'listUsers'>[],
  configured: readonly string[],
): Promise<Set<string>> {
  const ids = new Set(configured);
  for (const client of clients) {
    for (const u of await client.listUsers({ serviceUsers: true })) if (u.is_current) ids.add(u.id);
  }
  return ids;
}

/** Names for the initiators and targets of `events`; a list that fails is left out (ids are shown). */
export async function directoryFor(
  netbird: DirectoryReader,
  events: readonly NetBirdEvent[],
  logger: Logger,
): Promise<ActivityDirectory> {
  const dir: { -readonly [K in keyof ActivityDirectory]: ActivityDirectory[K] } = {};
  const needUsers = events.some(
    (e) => !SETUP_KEY_ENROLMENT_CODES.has(e.activity_code) && (!e.initiator_name || !e.initiator_email),
  );
  const needKeys = events.some(
    (e) => SETUP_KEY_ENROLMENT_CODES.has(e.activity_code) || KNOWN_CODES[e.activity_code]?.area === 'setup-key',
  );
  const needPolicies = events.some((e) => e.activity_code.startsWith('policy.'));
  const load = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (err) {
      logger.warn('activity: a lookup failed; ids are shown instead of names', {
        list: what,
        error: errorMessage(err),
      });
      return undefined;
    }
  };
  const [users, keys, policies] = await Promise.all([
    needUsers ? load('users', () => netbird.listUsers()) : undefined,
    needKeys ? load('setup keys', () => netbird.listSetupKeys()) : undefined,
    needPolicies ? load('policies', () => netbird.listPolicies()) : undefined,
  ]);
  if (users) dir.users = new Map(users.map((u) => [u.id, { name: u.name, email: u.email }]));
  if (keys) dir.setupKeys = new Map(keys.map((k) => [k.id, { name: k.name, type: k.type }]));
  if (policies)
    dir.policies = new Map(policies.filter((p) => p.id).map((p) => [p.id!, { name: p.name, enabled: p.enabled }]));
  return dir;
}
