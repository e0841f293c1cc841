/**
 * A pending joiner in the offboarding test world (its NetBird and Graph fakes, Azurite, the Bot
 * Connector): an Entra user with a manager who has the app installed, and a NetBird user (embedded
 * id) waiting for approval with two auto groups. The people around them come from `scenario`.
 */
import { randomUUID } from 'node:crypto';
import { joinerDeps } from '../../shared/joiners/deps.js';
import type { JoinerDeps } from '../../shared/joiners/deps.js';
import { encodeDexUserId } from '../../shared/netbird/ids.js';
import { getServices } from '../../functions/root/services.js';
import { JOINER_PARTITION } from '../../shared/joiners/storage.js';
import type { FakeUser } from '../offboarding/support/graph-fake.js';
import { CONNECTOR_ID, scenarioNetbirdUser } from '../offboarding/support/scenario.js';
import { scenario, type Scenario, type World } from '../offboarding/support/world.js';

export interface JoinerScenario extends Scenario {
  joiner: FakeUser;
  joinerNetbirdId: string;
}

export async function pendingJoiner(
  w: World,
  opts: { enabled?: boolean; entra?: boolean } = {},
): Promise<JoinerScenario> {
  const s = await scenario(w);
  const id = randomUUID();
  const upn = `noa.${id.slice(0, 6)}@contoso.com`;
  const joiner: FakeUser = {
    id,
    displayName: 'Noa Kealoha',
    userPrincipalName: upn,
    accountEnabled: opts.enabled ?? true,
    managerId: s.manager.id,
    department: 'Engineering',
    jobTitle: 'Network Engineer',
    hireDate: '2026-12-01T00:00:00Z',
    groups: ['All Staff', 'Engineering', 'VPN Pilot'],
  };
  if (opts.entra !== false) w.graph.add(joiner);
  const joinerNetbirdId = encodeDexUserId({ userId: id, connectorId: CONNECTOR_ID });
  w.netbird.world.users.push(
    scenarioNetbirdUser(joinerNetbirdId, upn, 'Noa Kealoha', {
      auto_groups: ['grp-users', 'grp-eng'],
      pending_approval: true,
      is_blocked: true,
      status: 'blocked',
    }),
  );
  return { ...s, joiner, joinerNetbirdId };
}

/** Each test starts with no joiner rows: Azurite lives for the whole file, the fakes per test. */
export async function clearJoiners(): Promise<void> {
  const { joiners } = deps().store;
  for (const row of await joiners.listPartition(JOINER_PARTITION)) await joiners.delete(row.partitionKey, row.rowKey);
}

/** The deps the timer and the bot build, on a clock `hoursLater` from now. */
export function deps(hoursLater = 0): JoinerDeps {
  return joinerDeps(getServices(), { now: () => new Date(Date.now() + hoursLater * 3_600_000) });
}
