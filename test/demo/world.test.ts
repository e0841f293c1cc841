/**
 * The demo world as the local host uses it: settings the app's configuration accepts as they are,
 * both simulators healthy for the app's health checks, controls that refuse what the world would
 * refuse, nothing secret in any log line, and a clean stop.
 */
import { describe, expect, it } from 'vitest';
import { startDemoWorld } from '../../local/demo/world.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { graphFetch, netbirdFetch, useWorld } from './support.js';

const ctx = useWorld();

describe('demo world', () => {
  it('hands out settings the configuration accepts, pointing at the simulators', () => {
    const { config, world } = ctx;
    expect(config.netbird).toMatchObject({
      apiUrl: world.netbird.url,
      idp: { mode: 'embedded', connectorId: world.env.NETBIRD_IDP_CONNECTOR_ID },
    });
    expect(config.graph).toMatchObject({
      baseUrl: world.graph.url,
      authorityHost: world.graph.authorityHost,
      auth: { kind: 'client-secret' },
    });
    expect(world.graph.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(world.netbird.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(config.sites.map((s) => s.name)).toEqual(['Honolulu', 'Boulder']);
    expect(config.adDnsDomain).toBe('corp.contoso.example');
    expect(config.waves.map((w) => w.name)).toEqual(['Pilot 1 - IT', 'Pilot 2 - Honolulu', 'Pilot 3 - Boulder']);
    expect(config.minNetbirdVersion).toBe('0.60.0');
    expect(Object.values(world.people).map((p) => p.userPrincipalName)).toEqual([
      ...new Set(Object.values(world.people).map((p) => p.userPrincipalName)),
    ]);
  });

  it('answers the health checks of both clients', async () => {
    await expect(ctx.services.netbirdRead.ping()).resolves.toMatchObject({ ok: true });
    await expect(ctx.services.netbirdAdmin.ping()).resolves.toMatchObject({ ok: true });
    await expect(ctx.services.graph.ping()).resolves.toMatchObject({ ok: true });
  });

  it('controls refuse unknown users and peers, and a login-expired peer cannot come online', async () => {
    const { controls, netbird } = ctx.world;
    await expect(controls.disableUser('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(controls.resetPassword('nobody', 'self')).rejects.toBeInstanceOf(NotFoundError);
    expect(() => controls.setPeerConnected('NO-SUCH-LAPTOP', false)).toThrow(NotFoundError);
    const expired = [...netbird.state.peers.values()].find((p) => p.login_expired)!;
    expect(() => controls.setPeerConnected(expired.name, true)).toThrow(ValidationError);
    controls.setPeerConnected(expired.name, false);
    expect(netbird.state.peers.get(expired.id)?.connected).toBe(false);
  });

  it('never logs a token or the client secret', async () => {
    const { world } = ctx;
    await netbirdFetch(world, '/api/peers', { token: world.env.NETBIRD_READ_TOKEN });
    await netbirdFetch(world, '/api/users', { method: 'PUT', token: world.env.NETBIRD_ADMIN_TOKEN, body: {} });
    await graphFetch(world, '/users?$select=id&$top=1');
    await ctx.services.graph.usersDelta();
    const text = JSON.stringify(ctx.logs);
    expect(ctx.logs.length).toBeGreaterThan(5);
    for (const secret of [world.env.NETBIRD_READ_TOKEN, world.env.NETBIRD_ADMIN_TOKEN, world.env.GRAPH_CLIENT_SECRET])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/);
  });

  it('stops: its ports no longer answer', async () => {
    const other = await startDemoWorld({ seed: 3 });
    const url = other.netbird.url;
    expect((await fetch(`${url}/api/peers`)).status).toBe(401);
    await other.stop();
    await expect(fetch(`${url}/api/peers`)).rejects.toThrow();
  });
});
