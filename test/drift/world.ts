/**
 * A tenant with a mover, for the group-drift tests: GROUP_MAP maps the Entra groups Engineering
 * and Sales to the NetBird groups of the same names. Alice moved from Engineering to Sales in
 * Entra and still holds Engineering in NetBird: her auto-groups, her SSO peer and her setup-key
 * laptop (IT assigned it to her). Bob (Engineering) and Erin (Sales) match. Carol is blocked and
 * Dave pending approval: neither is judged, whatever their groups. "General Users" and "Laptops"
 * are not mapped, so never judged.
 */
import { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { groupDriftTimer } from '../../functions/group-drift.js';
import { startAzurite, type RunningAzurite } from '../../local/azurite.js';
import { saveAssignment } from '../../shared/offboarding/attribution/assignments.js';
import { offboardingContext } from '../../shared/offboarding/context.js';
import { getServices } from '../../functions/root/services.js';
import { EntityTable } from '../../shared/store/table.js';
import { tableName } from '../../shared/store/tables.js';
import { expectConformingNetbird } from '../offboarding/support/world.js';
import { netbirdFake, type NetBirdFake } from '../offboarding/support/netbird-fake.js';
import { useAppEnv } from '../support/app-env.js';
import { botConnector, nockBotToken, SERVICE_URL, type BotConnectorFake } from '../support/bot-connector.js';
import { nockEntraToken } from '../support/entra.js';
import { TENANT_ID } from '../support/env.js';
import { CONNECTOR_ID, entraGroupsFake, member, nbUser, nbUserId, peer, type EntraGroupsFake } from './support.js';

export const ENG = 'e0e0e0e0-1111-4111-8111-000000000001';
export const SALES = '5a5a5a5a-2222-4222-8222-000000000002';
export const OID = {
  alice: 'a11ce000-0000-4000-8000-000000000001',
  bob: 'b0b00000-0000-4000-8000-000000000002',
  carol: 'ca201000-0000-4000-8000-000000000003',
  dave: 'da7e0000-0000-4000-8000-000000000004',
  erin: 'e214e000-0000-4000-8000-000000000005',
  approver: 'a9905e20-0000-4000-8000-000000000006',
};
export const GROUP_MAP = JSON.stringify({ [ENG]: 'Engineering', [SALES]: ['Sales'] });

export interface DriftWorld {
  netbird: NetBirdFake;
  entra: EntraGroupsFake;
  bot: BotConnectorFake;
  connectionString(): string;
  runTimer(): Promise<string[]>;
}

export function useDriftWorld(overrides: Record<string, string | undefined> = {}): DriftWorld {
  const w = {} as DriftWorld;
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(async () => {
    await azurite?.stop();
  });
  useAppEnv({
    get AzureWebJobsStorage() {
      return azurite.connectionString;
    },
    TEAMS_SERVICE_URL: SERVICE_URL,
    NETBIRD_IDP_CONNECTOR_ID: CONNECTOR_ID,
    GROUP_MAP,
    LOG_LEVEL: 'warn',
    ...overrides,
  });
  beforeEach(async () => {
    nockEntraToken(TENANT_ID);
    nockBotToken();
    w.bot = botConnector(SERVICE_URL);
    w.connectionString = () => azurite.connectionString;
    w.netbird = netbirdFake({
      users: [
        nbUser(OID.alice, 'alice@contoso.com', 'Alice Mover', ['g-users', 'g-eng']),
        nbUser(OID.bob, 'bob@contoso.com', 'Bob Stays', ['g-users', 'g-eng']),
        nbUser(OID.carol, 'carol@contoso.com', 'Carol Blocked', ['g-eng'], { is_blocked: true, status: 'blocked' }),
        nbUser(OID.dave, 'dave@contoso.com', 'Dave Pending', [], {
          is_blocked: true,
          pending_approval: true,
          status: 'blocked',
        }),
        nbUser(OID.erin, 'erin@contoso.com', 'Erin Sales', ['g-users', 'g-sales']),
      ],
      peers: [
        peer('p-alice', 'alice-mbp', nbUserId(OID.alice)),
        peer('p-hnl', 'HNL-LT-0042', ''),
        peer('p-bob', 'bob-xps', nbUserId(OID.bob)),
        peer('p-carol', 'carol-lt', nbUserId(OID.carol)),
        peer('p-erin', 'erin-lt', nbUserId(OID.erin)),
      ],
      groups: [
        { id: 'g-all', name: 'All', peers: ['p-alice', 'p-hnl', 'p-bob', 'p-carol', 'p-erin'], resources: [] },
        { id: 'g-users', name: 'General Users', peers: ['p-alice', 'p-bob', 'p-erin'], resources: [] },
        { id: 'g-eng', name: 'Engineering', peers: ['p-alice', 'p-hnl', 'p-bob', 'p-carol'], resources: [] },
        { id: 'g-sales', name: 'Sales', peers: ['p-erin'], resources: [] },
        { id: 'g-lap', name: 'Laptops', peers: ['p-hnl'], resources: [] },
      ],
      policies: [],
    });
    w.entra = entraGroupsFake(
      new Map([
        [ENG, [member(OID.bob, 'Bob Stays', 'bob@contoso.com'), member(OID.dave, 'Dave Pending', 'dave@contoso.com')]],
        [
          SALES,
          [member(OID.alice, 'Alice Mover', 'alice@contoso.com'), member(OID.erin, 'Erin Sales', 'erin@contoso.com')],
        ],
      ]),
      { approvers: [OID.approver] },
    );
    // The GroupDrift table is this file's: each test starts without a previous report.
    const table = EntityTable.fromConnectionString(azurite.connectionString, tableName('groupDrift'), {
      schema: z.unknown(),
    });
    await table.ensure();
    for (const row of await table.listPartition('report')) await table.delete('report', row.rowKey);
    await saveAssignment(offboardingContext(getServices()), {
      hostname: 'HNL-LT-0042',
      userId: OID.alice,
      upn: 'alice@contoso.com',
      name: 'Alice Mover',
      by: { aadObjectId: OID.approver, name: 'IT' },
      at: new Date().toISOString(),
    });
    w.runTimer = async () => {
      const logs: string[] = [];
      await groupDriftTimer.handler(
        {
          isPastDue: false,
          schedule: { adjustForDST: false },
          scheduleStatus: { last: '', next: '', lastUpdated: '' },
        },
        new InvocationContext({
          functionName: 'groupDrift',
          logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
        }),
      );
      return logs;
    };
  });
  afterEach(async () => {
    w.netbird.recorder.dispose();
    await expectConformingNetbird(w.netbird);
    expect(w.entra.calls.length).toBeGreaterThan(0);
  });
  return w;
}
