/**
 * Keys that open one thing each (issue 11): the key Graph holds in its notification URL opens the
 * two Graph endpoints and nothing else, `POST /api/offboard` has its own, and the deployment creates
 * one key per function (no host key, no key regenerated on every deployment).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphLifecycle } from '../../functions/graph-lifecycle.js';
import { graphNotifications } from '../../functions/graph-notifications.js';
import { offboard } from '../../functions/offboard.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { TEST_SECRETS } from '../support/env.js';
import { callHttp } from '../support/http.js';
import { expectNoNetbirdWrites, scenario, useOffboardingWorld } from '../offboarding/support/world.js';

const GRAPH_KEY = TEST_SECRETS.GRAPH_WEBHOOK_FUNCTION_KEY;
const OFFBOARD_KEY = TEST_SECRETS.OFFBOARD_FUNCTION_KEY;

describe('function keys', () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });

  it('the Graph notification key does not open POST /api/offboard; no key, a wrong key or a host-style key does not either', async () => {
    const s = await scenario(w, { enabled: true });
    const body = { string: JSON.stringify({ user: s.leaver.userPrincipalName }) };
    const post = (functionKey: string | null, path?: string) =>
      callHttp(offboard, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        functionKey,
        ...(path ? { path } : {}),
      });

    for (const res of [
      await post(GRAPH_KEY),
      await post(null),
      await post('x'.repeat(40)),
      await post(null, `offboard?code=${encodeURIComponent(GRAPH_KEY)}`),
    ]) {
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        error: { code: 'unauthorized', message: 'This endpoint needs its own function key.' },
      });
    }
    // Nothing happened: no Graph call, no case, nothing queued, nothing written to NetBird.
    expect(w.graph.calls).toEqual([]);
    expect(await offboardingStorage(w.connectionString()).work.receive(32, 1)).toEqual([]);
    expectNoNetbirdWrites(w);

    // Its own key opens it, as a header or as ?code=.
    expect((await post(OFFBOARD_KEY)).status).toBe(202);
    expect((await post(null, `offboard?code=${encodeURIComponent(OFFBOARD_KEY)}`)).status).toBe(202);
  });

  it('the offboard key does not open the Graph endpoints; the Graph key does, as Graph sends it (?code=)', async () => {
    const handshake = (fn: typeof graphNotifications, functionKey: string | null, query = '') =>
      callHttp(fn, { method: 'POST', path: `${fn.route}?validationToken=abc${query}`, functionKey });
    for (const fn of [graphNotifications, graphLifecycle]) {
      expect((await handshake(fn, OFFBOARD_KEY)).status).toBe(401);
      expect((await handshake(fn, null)).status).toBe(401);
      const ok = await handshake(fn, null, `&code=${encodeURIComponent(GRAPH_KEY)}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toBe('abc');
    }
  });
});

describe('the deployment (infra/main.bicep)', () => {
  const bicep = readFileSync(new URL('../../infra/main.bicep', import.meta.url), 'utf8');

  it('creates one key per function and no host key', () => {
    expect(bicep).not.toContain('sites/host/functionKeys');
    const keys = [
      ...bicep.matchAll(/name: '\$\{app\.name\}\/(\w+)\/([\w-]+)'\s*\n\s*properties: \{ value: (\w+) \}/g),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(keys).toEqual([
      ['graphNotifications', 'graph-webhook', 'graphWebhookKey'],
      ['graphLifecycle', 'graph-webhook', 'graphWebhookKey'],
      ['offboard', 'offboard', 'offboardKey'],
    ]);
    // Those function names are the ones the app registers.
    expect([graphNotifications.name, graphLifecycle.name, offboard.name]).toEqual([
      'graphNotifications',
      'graphLifecycle',
      'offboard',
    ]);
  });

  it('keeps the keys stable and in Key Vault: no generated default, app settings are Key Vault references', () => {
    expect(bicep).not.toMatch(/newGuid\(/);
    for (const param of ['graphWebhookKey', 'offboardKey']) {
      expect(bicep).toMatch(
        new RegExp(`@secure\\(\\)\\s*\\n@minLength\\(32\\)\\s*\\n@description\\(.*\\)\\s*\\nparam ${param} string\\n`),
      );
    }
    expect(bicep).toContain("GRAPH_WEBHOOK_FUNCTION_KEY: '${kvRef}graph-webhook-function-key)'");
    expect(bicep).toContain("OFFBOARD_FUNCTION_KEY: '${kvRef}offboard-function-key)'");
    expect(bicep).toContain("PUBLIC_BASE_URL: 'https://${app.properties.defaultHostName}'");
  });
});
