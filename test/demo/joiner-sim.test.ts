/**
 * The demo's pending joiner (issue 13), through the app's real clients: NetBird holds them pending
 * and blocked, the joiner use-case ties them to their Entra user (whose manager is the demo
 * manager persona, with a hire date and groups), and the simulator approves and rejects as the
 * spec says (a user who is not pending cannot be approved).
 */
import { describe, expect, it } from 'vitest';
import { gatherFacts } from '../../shared/joiners/profile.js';
import { NetBirdError } from '../../shared/netbird/index.js';
import { useWorld } from './support.js';

const ctx = useWorld();

describe('demo tenant: the pending joiner', () => {
  it('is pending in NetBird, matched to Entra with the manager persona, a hire date and groups; approved once', async () => {
    const joiner = ctx.world.people.joiner!;
    expect(joiner).toBeDefined();
    const pending = (await ctx.services.netbirdAdmin.listUsers({ fresh: true })).filter((u) => u.pending_approval);
    expect(pending.map((u) => u.email)).toEqual([joiner.userPrincipalName]);
    expect(pending[0]).toMatchObject({ is_blocked: true });

    const { config } = ctx.services;
    const deps = {
      graph: ctx.services.graph,
      settings: {
        tenantId: config.graph.tenantId,
        approversGroupId: config.it.approversGroupId,
        remindAfterHours: 24,
        escalateAfterHours: 72,
        idp: config.netbird.idp,
        dryRun: false,
      },
    };
    const names = new Map((await ctx.services.netbirdAdmin.listGroups()).map((g) => [g.id, g.name]));
    const facts = await gatherFacts(deps, pending[0]!, names);
    expect(facts.entra).toMatchObject({
      id: joiner.id,
      accountEnabled: true,
      matchedBy: 'embedded-id',
      hireDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(facts.entra!.groups.length).toBeGreaterThan(0);
    expect(facts.manager).toEqual({ id: ctx.world.people.manager.id, name: ctx.world.people.manager.displayName });
    expect(facts.autoGroups.length).toBe(1);

    const approved = await ctx.services.netbirdAdmin.approveUser(pending[0]!.id);
    expect(approved).toMatchObject({ pending_approval: false, is_blocked: false });
    await expect(ctx.services.netbirdAdmin.approveUser(pending[0]!.id)).rejects.toBeInstanceOf(NetBirdError);
    await expect(ctx.services.netbirdAdmin.rejectUser(pending[0]!.id)).rejects.toMatchObject({ upstreamStatus: 400 });
  });
});
