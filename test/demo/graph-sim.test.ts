/**
 * The Graph simulator, driven by the app's real GraphClient (ClientSecretCredential against the
 * simulated Entra authority, over TLS with the simulator's certificate trusted) and by raw calls:
 * users, managers, devices, groups, delta paging and links, deleted users, audits, registration.
 */
import { ClientSecretCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { GraphClient, GraphError, GraphTenantReports } from '../../shared/graph/index.js';
import { silentLogger } from '../../shared/logger.js';
import { graphFetch, useWorld, leaverLaptops } from './support.js';

const ctx = useWorld();

const groupNamed = (name: string) => [...ctx.world.graph.state.groups.values()].find((g) => g.displayName === name)!;

describe('Graph simulator: Entra token endpoint and bearer tokens', () => {
  it('refuses a wrong client secret as Entra does', async () => {
    const { ENTRA_TENANT_ID, GRAPH_CLIENT_ID } = ctx.world.env;
    const wrong = new ClientSecretCredential(ENTRA_TENANT_ID!, GRAPH_CLIENT_ID!, 'not-the-secret', {
      authorityHost: ctx.world.graph.authorityHost,
      disableInstanceDiscovery: true,
    });
    await expect(wrong.getToken(`${ctx.world.graph.url}/.default`)).rejects.toThrow(/AADSTS7000215/);
    const client = new GraphClient({
      baseUrl: ctx.world.graph.url,
      credential: wrong,
      logger: silentLogger,
      maxRetries: 0,
    });
    await expect(client.ping()).rejects.toMatchObject({ graphCode: 'authentication' });
  });

  it('answers 401 to a Graph call without a token or with one it never issued', async () => {
    expect(await graphFetch(ctx.world, '/users?$select=id', { token: null })).toMatchObject({
      status: 401,
      body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } },
    });
    expect((await graphFetch(ctx.world, '/users?$select=id', { token: 'forged' })).status).toBe(401);
    expect(await ctx.services.graph.ping()).toMatchObject({ ok: true });
  });
});

describe('Graph simulator: users, managers, devices, groups', () => {
  it('reads a user by id and by UPN, with the offboarding fields', async () => {
    const { leaver } = ctx.world.people;
    const byId = await ctx.services.graph.getUser(leaver.id);
    expect(byId).toMatchObject({
      id: leaver.id,
      userPrincipalName: leaver.userPrincipalName,
      accountEnabled: true,
      onPremisesSyncEnabled: true,
      department: 'Finance',
    });
    expect(byId?.userPrincipalName).toMatch(/^[a-z]+\.[a-z]+\d*@contoso\.example$/);
    expect((await ctx.services.graph.getUser(leaver.userPrincipalName.toUpperCase()))?.id).toBe(leaver.id);
    expect(await ctx.services.graph.getUser('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it("gives the leaver's manager; the hybrid-joined laptops have no Entra owner, Intune and sign-ins name them", async () => {
    const { leaver, manager } = ctx.world.people;
    expect(await ctx.services.graph.getManager(leaver.id)).toMatchObject({
      id: manager.id,
      displayName: manager.displayName,
      kind: 'user',
    });
    expect(await ctx.services.graph.getUserDevices(leaver.id)).toEqual([]);
    const laptops = leaverLaptops(ctx.world);
    expect(laptops.length).toBe(2);
    for (const name of laptops) expect(name).toMatch(/^(HNL|BDR)-LT-\d{4}$/);
    const evidence = await ctx.services.graph.userDeviceEvidence(leaver.id, {
      since: new Date(Date.now() - 30 * 86_400_000),
      signIns: true,
    });
    expect(evidence.entra).toEqual({ ok: true, items: [] });
    expect(evidence.managed.ok && evidence.managed.items.map((d) => d.deviceName)).toContain(laptops[0]);
    expect(evidence.managed.ok && evidence.managed.items.every((d) => d.userId === leaver.id)).toBe(true);
    const signedOn = new Set(evidence.signIns.ok ? evidence.signIns.items.map((x) => x.deviceDetail?.displayName) : []);
    for (const name of laptops) expect(signedOn.has(name)).toBe(true);
    // The colleague's laptop the leaver also uses: Intune says it is someone else's.
    const shared = [...signedOn].find((n) => n && !laptops.includes(n))!;
    const byName = await ctx.services.graph.managedDevicesNamed([shared]);
    const read = byName.get(shared.toLowerCase())!;
    expect(read.ok && read.items[0]!.userId).not.toBe(leaver.id);
  });

  it('answers a $batch item by item: a missing Intune permission or P1 licence is a 403 for that item only', async () => {
    const { leaver } = ctx.world.people;
    ctx.world.graph.state.denied.add('intune').add('noP1');
    try {
      const evidence = await ctx.services.graph.userDeviceEvidence(leaver.id, {
        since: new Date(Date.now() - 30 * 86_400_000),
        signIns: true,
      });
      expect(evidence.managed).toEqual({ ok: false, status: 403, code: 'Authorization_RequestDenied' });
      expect(evidence.signIns).toEqual({
        ok: false,
        status: 403,
        code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      });
      expect(evidence.entra.ok).toBe(true);
    } finally {
      ctx.world.graph.state.denied.clear();
    }
  });

  it('checks group membership transitively (IT approvers holds IT Leadership)', async () => {
    const { itEngineer, manager } = ctx.world.people;
    const { IT_GROUP_ID, IT_APPROVERS_GROUP_ID } = ctx.world.env;
    expect(await ctx.services.graph.checkMemberGroups(itEngineer.id, [IT_GROUP_ID!, IT_APPROVERS_GROUP_ID!])).toEqual([
      IT_GROUP_ID,
    ]);
    expect(await ctx.services.graph.isMemberOfAny(manager.id, [IT_GROUP_ID!, IT_APPROVERS_GROUP_ID!])).toBe(false);
    const itHead = groupNamed('IT Leadership').memberIds[0]!;
    expect(await ctx.services.graph.isMemberOfAny(itHead, [IT_APPROVERS_GROUP_ID!])).toBe(true);
    const tooMany = Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(
      (
        await graphFetch(ctx.world, `/users/${itEngineer.id}/checkMemberGroups`, {
          method: 'POST',
          body: { groupIds: tooMany },
        })
      ).status,
    ).toBe(400);
  });

  it("pages a group's transitive users (50 a page, whatever $top asks) and expands nested groups", async () => {
    const general = groupNamed('General Users');
    const first = await graphFetch(
      ctx.world,
      `/groups/${general.id}/transitiveMembers/microsoft.graph.user?$select=id,displayName&$top=999`,
    );
    expect((first.body.value as unknown[]).length).toBe(50);
    expect(first.body['@odata.nextLink']).toMatch(/\$skiptoken=/);
    const all = await ctx.services.graph.groupTransitiveUserMembers(general.id);
    expect(all.length).toBe(general.memberIds.length);
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);

    const wave2 = groupNamed('NetBird Pilot 2 - Honolulu');
    const nested = groupNamed('Finance Honolulu');
    const members = new Set((await ctx.services.graph.groupTransitiveUserMembers(wave2.id)).map((u) => u.id));
    for (const id of nested.memberIds) expect(members.has(id)).toBe(true);
    expect(members.has(nested.id)).toBe(false);
  });

  it("answers wave health's $batch of member devices item by item, as the same GETs sent alone would", async () => {
    const ids = (await ctx.services.graph.groupTransitiveUserMembers(groupNamed('General Users').id)).map((u) => u.id);
    expect(ids.length).toBeGreaterThan(20); // more than one batch
    // The seeded laptops are hybrid joined, with no Entra owner (DESIGN.md §5b): give one member a
    // cloud-joined one for the length of this test.
    const devices = ctx.world.graph.state.devices;
    const template = [...devices.values()][0]!;
    const own = {
      ...template,
      id: 'test-cloud-device',
      displayName: 'CLOUD-PC-1',
      trustType: 'AzureAd' as const,
      ownerIds: [ids[21]!],
      userIds: [ids[21]!],
    };
    devices.set(own.id, own);
    try {
      const batched = await ctx.services.graph.usersDevices(ids, { concurrency: 2 });
      const byId = (list: { id: string }[] | undefined) => [...(list ?? [])].sort((a, b) => a.id.localeCompare(b.id));
      for (const id of ids) expect(byId(batched.get(id))).toEqual(byId(await ctx.services.graph.getUserDevices(id)));
      expect(batched.get(ids[21]!)).toEqual([
        expect.objectContaining({ displayName: 'CLOUD-PC-1', relations: ['registered', 'owned'] }),
      ]);
    } finally {
      devices.delete(own.id);
    }
  });

  it('refuses $select of a property Graph does not have and a path it does not serve (400)', async () => {
    const bad = await graphFetch(ctx.world, `/users/${ctx.world.people.leaver.id}?$select=id,shoeSize`);
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'Request_BadRequest', message: expect.stringContaining("'shoeSize'") } },
    });
    expect((await graphFetch(ctx.world, '/users?$count=true')).status).toBe(400);
    expect(await graphFetch(ctx.world, '/teams')).toMatchObject({
      status: 400,
      body: { error: { message: "Resource not found for the segment 'teams'." } },
    });
  });
});

describe('Graph simulator: delta query and deleted users', () => {
  it('pages a full round, then a deltaLink returns only what changed since (disable, soft delete)', async () => {
    const state = ctx.world.graph.state;
    const firstPage = await graphFetch(ctx.world, '/users/delta?$select=id,accountEnabled,displayName');
    expect((firstPage.body.value as unknown[]).length).toBe(50);
    expect(firstPage.body['@odata.nextLink']).toMatch(/\/v1\.0\/users\/delta\?\$skiptoken=/);
    expect(firstPage.body['@odata.deltaLink']).toBeUndefined();

    const full = await ctx.services.graph.usersDelta();
    expect(full).toMatchObject({ fullResync: true, linkExpired: false });
    expect(full.users.length).toBe(state.users.size);
    expect(full.deltaLink).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=/);
    expect((await ctx.services.graph.usersDelta(full.deltaLink)).users).toEqual([]);

    const { someoneElse, leaver } = ctx.world.people;
    await ctx.world.controls.disableUser(someoneElse.id);
    const afterDisable = await ctx.services.graph.usersDelta(full.deltaLink);
    expect(afterDisable).toMatchObject({ fullResync: false, linkExpired: false });
    expect(afterDisable.users).toEqual([expect.objectContaining({ id: someoneElse.id, accountEnabled: false })]);

    await ctx.world.controls.deleteUser(leaver.id);
    const afterDelete = await ctx.services.graph.usersDelta(afterDisable.deltaLink);
    expect(afterDelete.users).toEqual([{ id: leaver.id, removed: { reason: 'changed' } }]);
    // The older link still sees both changes, each once, in its latest state.
    const fromStart = await ctx.services.graph.usersDelta(full.deltaLink);
    expect(fromStart.users.map((u) => u.id).sort()).toEqual([someoneElse.id, leaver.id].sort());
  });

  it('answers 410 syncStateNotFound to a token it never issued; the client then resyncs in full', async () => {
    const bogus = `${ctx.world.graph.url}/v1.0/users/delta?$deltatoken=not-a-token`;
    expect(await graphFetch(ctx.world, bogus)).toMatchObject({
      status: 410,
      body: { error: { code: 'syncStateNotFound' } },
    });
    const round = await ctx.services.graph.usersDelta(bogus);
    expect(round).toMatchObject({ fullResync: true, linkExpired: true });
    expect(round.users.length).toBe(ctx.world.graph.state.users.size);
  });

  it('a deleted user: GET is 404, directory/deletedItems has them (with the renamed UPN)', async () => {
    const { leaver } = ctx.world.people;
    if (ctx.world.graph.state.users.has(leaver.id)) await ctx.world.controls.deleteUser(leaver.id);
    expect(await ctx.services.graph.getUser(leaver.id)).toBeUndefined();
    const raw = await graphFetch(ctx.world, `/users/${leaver.id}`);
    expect(raw).toMatchObject({ status: 404, body: { error: { code: 'Request_ResourceNotFound' } } });
    const deleted = await ctx.services.graph.getDeletedUser(leaver.id);
    expect(deleted).toMatchObject({
      id: leaver.id,
      displayName: leaver.displayName,
      userPrincipalName: `${leaver.id.replaceAll('-', '')}${leaver.userPrincipalName}`,
    });
    expect(Date.parse(deleted!.deletedDateTime!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await ctx.services.graph.getDeletedUser(ctx.world.people.manager.id)).toBeUndefined();
    await expect(ctx.world.controls.disableUser(leaver.id)).rejects.toThrow(/No active Entra user/);
  });
});

describe('Graph simulator: audits and registration details', () => {
  it('finds SSPR and admin resets with the filters the client sends, newest first', async () => {
    const { manager } = ctx.world.people;
    await ctx.world.controls.resetPassword(manager.id, 'self');
    await ctx.world.controls.resetPassword(manager.id, 'admin');
    const audits = await ctx.services.graph.passwordAudits({
      userId: manager.id,
      userPrincipalName: manager.userPrincipalName,
      since: new Date(Date.now() - 3_600_000),
    });
    const names = audits.map((a) => a.activityDisplayName);
    expect(names).toEqual(
      expect.arrayContaining(['Reset password (self-service)', 'Reset password (by admin)', 'Reset user password']),
    );
    expect(names).not.toContain('Update user');
    const times = audits.map((a) => Date.parse(a.activityDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(audits.find((a) => a.activityDisplayName === 'Reset password (by admin)')).toMatchObject({
      loggedByService: 'Self-service Password Management',
      initiatedBy: { user: { id: ctx.world.people.itEngineer.id } },
      additionalDetails: [{ key: 'OnPremisesAgent', value: 'Microsoft Entra Connect' }],
    });
  });

  it('serves the tenant-wide SSPR read (seeded resets and a failure in the last 24 h), paged by $top', async () => {
    const reports = new GraphTenantReports({
      baseUrl: ctx.world.graph.url,
      credential: credential(),
      logger: silentLogger,
    });
    const since = new Date(Date.now() - 24 * 3_600_000);
    const events = await reports.ssprAudits(since);
    expect(
      events.every(
        (e) =>
          Date.parse(e.activityDateTime) >= since.getTime() && e.loggedByService === 'Self-service Password Management',
      ),
    ).toBe(true);
    expect(
      events.filter((e) => e.activityDisplayName === 'Reset password (self-service)').map((e) => e.result),
    ).toEqual(expect.arrayContaining(['success', 'failure']));
    const weekAgo = new Date(Date.now() - 7 * 24 * 3_600_000);
    const week = await reports.ssprAudits(weekAgo);
    const expected = ctx.world.graph.state.audits.filter(
      (a) =>
        a.loggedByService === 'Self-service Password Management' && Date.parse(a.activityDateTime) >= weekAgo.getTime(),
    );
    expect(week.map((e) => e.id).sort()).toEqual(expected.map((e) => e.id).sort());
    const page = await graphFetch(
      ctx.world,
      `/auditLogs/directoryAudits?$top=5&$filter=${encodeURIComponent("loggedByService eq 'Self-service Password Management'")}`,
    );
    expect((page.body.value as unknown[]).length).toBe(5);
    const next = await graphFetch(ctx.world, page.body['@odata.nextLink'] as string);
    expect((next.body.value as { id: string }[]).length).toBeGreaterThan(0);
  });

  it('refuses filter forms it does not understand (400) rather than guessing', async () => {
    const q = (f: string) => graphFetch(ctx.world, `/auditLogs/directoryAudits?$filter=${encodeURIComponent(f)}`);
    expect((await q("loggedByService eq 'Core Directory' or result eq 'failure'")).status).toBe(400);
    expect((await q("startswith(activityDisplayName,'Reset')")).status).toBe(400);
    expect((await q("targetResources/any(t: t/modifiedProperties eq 'x')")).status).toBe(400);
    const good = await q(
      "(loggedByService eq 'Self-service Password Management') and (activityDateTime ge 2000-01-01T00:00:00.000Z)",
    );
    expect(good.status).toBe(200);
    await expect(
      graphFetch(ctx.world, '/auditLogs/directoryAudits?$orderby=result').then((r) => r.status),
    ).resolves.toBe(400);
  });

  it('gives registration details per user and for the tenant, without disabled users', async () => {
    const { itEngineer, someoneElse } = ctx.world.people;
    const [details] = await ctx.services.graph.registrationDetails([itEngineer.id]);
    expect(details).toMatchObject({
      id: itEngineer.id,
      userPrincipalName: itEngineer.userPrincipalName,
      isSsprEnabled: true,
    });
    const reports = new GraphTenantReports({
      baseUrl: ctx.world.graph.url,
      credential: credential(),
      logger: silentLogger,
    });
    const all = await reports.registrationDetails();
    const enabled = [...ctx.world.graph.state.users.values()].filter((u) => u.accountEnabled);
    expect(all.length).toBe(enabled.length);
    expect(all.some((r) => r.id === someoneElse.id)).toBe(false); // disabled above
    const share = all.filter((r) => r.isSsprRegistered).length / all.length;
    expect(share).toBeGreaterThan(0.75);
    expect(share).toBeLessThan(1);
  });

  it('GraphError carries Graph codes for a failed call', async () => {
    const err = await ctx.services.graph
      .renewSubscription('00000000-0000-4000-8000-000000000000', new Date(Date.now() + 3_600_000))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ upstreamStatus: 404, graphCode: 'ResourceNotFound' });
  });
});

function credential(): ClientSecretCredential {
  const { ENTRA_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET } = ctx.world.env;
  return new ClientSecretCredential(ENTRA_TENANT_ID!, GRAPH_CLIENT_ID!, GRAPH_CLIENT_SECRET!, {
    authorityHost: ctx.world.graph.authorityHost,
    disableInstanceDiscovery: true,
  });
}
