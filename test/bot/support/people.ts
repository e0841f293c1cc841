/** The people of the bot tests: Alice (an employee with a laptop), as Entra and NetBird know her. */
import type { GraphUser } from '../../../shared/graph/index.js';
import { encodeDexUserId, type NetBirdUser } from '../../../shared/netbird/index.js';
import { IVY } from './teams.js';

export const ALICE: GraphUser = {
  id: '4b1f6c2e-8a3d-4e5f-9b7a-2c6d8e0f1a3b',
  displayName: 'Alice Kahananui',
  userPrincipalName: 'alice@contoso.com',
  mail: 'alice@contoso.com',
  accountEnabled: true,
};

/** Her NetBird user under the embedded IdP (connector `entra`, as in test/support/env.ts). */
export const ALICE_NB: NetBirdUser = {
  id: encodeDexUserId({ userId: ALICE.id, connectorId: 'entra' }),
  email: 'alice@contoso.com',
  name: 'Alice Kahananui',
  role: 'user',
  status: 'active',
  auto_groups: [],
  is_current: false,
  is_service_user: false,
  is_blocked: false,
  pending_approval: false,
  issued: 'jwt',
  last_login: '2026-11-20T08:00:00Z',
};

/** Ivy as Graph knows her (her UPN gives bare names their domain). */
export const IVY_USER: GraphUser = {
  id: IVY.aadObjectId,
  displayName: 'Ivy Kealoha',
  userPrincipalName: 'ivy@contoso.com',
};

/** Alice's hybrid-joined laptop in Entra: its name is the NetBird machine peer's hostname. */
export const ALICE_DEVICES = {
  [ALICE.id]: [{ id: 'dev-1', displayName: 'LAPTOP-42', operatingSystem: 'Windows', trustType: 'ServerAd' }],
};
