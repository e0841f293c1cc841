/** Reading and changing joiner rows: one row per NetBird user, changed only through the ETag loop. */
import { tableFilter } from '../store/table.js';
import type { JoinerDeps } from './deps.js';
import type { PendingJoiner } from './model.js';
import { JOINER_PARTITION, joinerRowKey } from './storage.js';

export async function loadJoiner(deps: JoinerDeps, netbirdUserId: string): Promise<PendingJoiner | undefined> {
  return (await deps.store.joiners.get(JOINER_PARTITION, joinerRowKey(netbirdUserId)))?.value;
}

export async function findJoinerById(deps: JoinerDeps, id: string): Promise<PendingJoiner | undefined> {
  if (!id.startsWith('joiner-')) return undefined;
  return loadJoiner(deps, id.slice('joiner-'.length));
}

export async function openJoiners(deps: Pick<JoinerDeps, 'store'>): Promise<PendingJoiner[]> {
  const rows = await deps.store.joiners.query(tableFilter`PartitionKey eq ${JOINER_PARTITION} and open eq ${true}`);
  return rows.map((r) => r.value).sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
}

/** Every joiner row of an Entra user (normally one), newest first. */
export async function joinersOfEntraUser(
  deps: Pick<JoinerDeps, 'store'>,
  entraUserId: string,
): Promise<PendingJoiner[]> {
  const rows = await deps.store.joiners.query(
    tableFilter`PartitionKey eq ${JOINER_PARTITION} and entraUserId eq ${entraUserId.toLowerCase()}`,
  );
  return rows.map((r) => r.value).sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));
}

/**
 * Changes the row with the ETag loop. `fn` returns the new row or undefined to write nothing; it may
 * run more than once, so it must be free of side effects.
 */
export async function updateJoiner(
  deps: JoinerDeps,
  netbirdUserId: string,
  fn: (current: PendingJoiner) => PendingJoiner | undefined,
): Promise<{ joiner: PendingJoiner | undefined; written: boolean }> {
  const result = await deps.store.joiners.mutate(JOINER_PARTITION, joinerRowKey(netbirdUserId), (current) => {
    if (!current) return undefined;
    const next = fn(current);
    return next && { ...next, updatedAt: deps.now().toISOString() };
  });
  return { joiner: result.value, written: result.written };
}
