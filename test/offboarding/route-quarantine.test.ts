/**
 * Quarantine cuts legacy routes too (DESIGN.md §5b): a `/api/routes` route without access-control
 * groups lets every peer in its distribution groups reach the routed network with no policy, so
 * the laptop leaves those groups as well, the case records why, and "keep" restores exactly what
 * was left. A route with access-control groups needs a policy, which quarantine already cuts.
 */
import { describe, expect, it } from 'vitest';
import { handleOffboardingAction } from '../../bot/actions/offboarding.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import type { NetBirdRoute } from '../../shared/netbird/index.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { drainQueues } from './support/queues.js';
import { scenario, useOffboardingWorld } from './support/world.js';

const route = (id: string, network: string, groups: string[], acg: string[], enabled = true): NetBirdRoute => ({
  id,
  network_id: id,
  description: '',
  enabled,
  peer: 'peer-router',
  network,
  metric: 9999,
  masquerade: true,
  groups,
  keep_route: false,
  network_type: 'IPv4',
  peer_groups: [],
  domains: [],
  access_control_groups: acg,
});

describe('quarantine and legacy routes', () => {
  const w = useOffboardingWorld();

  it('leaves the distribution groups of routes without access control (enabled or not), records why, and "keep" restores exactly', async () => {
    const s = await scenario(w, { evidence: ['intune'] });
    w.netbird.world.groups.push({ id: 'grp-wifi', name: 'Legacy Wifi', peers: [s.laptop], resources: [] });
    w.netbird.world.routes = [
      route('hnl-dc-legacy', '10.10.0.0/24', ['grp-laptops'], []),
      route('old-wifi', '10.99.0.0/24', ['grp-wifi'], [], false),
      // With access-control groups a policy is needed: Laptops is not left for this one alone.
      route('bdr-lan', '10.20.0.0/16', ['grp-laptops', 'grp-eng'], ['grp-lan']),
    ];
    await processUserCheck(
      w.ctx(),
      {
        kind: 'check',
        userId: s.leaver.id,
        changeType: 'updated',
        source: 'notification',
        admitted: false,
        receivedAt: new Date().toISOString(),
      },
      'message:1',
      1,
    );
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    const laptop = c.devices.find((d) => d.peerId === s.laptop)!;
    expect(laptop.quarantine!.removedFrom).toEqual([
      { id: 'grp-users', name: 'General Users' },
      { id: 'grp-eng', name: 'Engineers' },
      { id: 'grp-laptops', name: 'Laptops', via: ['route hnl-dc-legacy'] },
      { id: 'grp-wifi', name: 'Legacy Wifi', via: ['route old-wifi'] },
    ]);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'entra-ops-quarantine']);
    // The colleague's laptop in Laptops is untouched.
    expect(w.netbird.peerGroups(s.otherLaptop)).toEqual(['All', 'General Users', 'Laptops']);
    const card = JSON.stringify(w.bot.cards()[0]);
    expect(card).toContain('Laptops (route hnl-dc-legacy)');

    const answer = await handleOffboardingAction(
      {
        verb: 'offboarding.decide',
        data: { caseId: c.id, decision: 'approve', device_0: 'keep', device_1: 'remove' },
        actor: { aadObjectId: s.manager.id, name: s.manager.displayName },
        tenantId: TENANT_ID,
      },
      getServices(),
    );
    expectValidCard(answer.card);
    await drainQueues(w.connectionString());
    const done = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(done.devices.find((d) => d.peerId === s.laptop)!.cleanup).toMatchObject({
      action: 'restored',
      result: 'done',
    });
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Engineers', 'General Users', 'Laptops', 'Legacy Wifi']);
  });

  it('warns when a route without access control is distributed to All (a group no peer can leave)', async () => {
    const s = await scenario(w, { evidence: ['intune'] });
    w.netbird.world.routes = [route('hnl-dc-legacy', '10.10.0.0/24', ['grp-all'], [])];
    await processUserCheck(
      w.ctx(),
      {
        kind: 'check',
        userId: s.leaver.id,
        changeType: 'updated',
        source: 'notification',
        admitted: false,
        receivedAt: new Date().toISOString(),
      },
      'message:1',
      1,
    );
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c.inventory!.quarantineWarnings).toContain(
      'Route hnl-dc-legacy is distributed to the All group without access control: quarantined peers still reach 10.10.0.0/24',
    );
  });
});
