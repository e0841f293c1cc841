/**
 * `npm start` as a person runs it: built, started as its own process, answering on its port.
 * NetBird, Graph and Entra are fake HTTP servers on loopback (another process cannot see nock).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/azurite.js';
import { TENANT_ID, TEST_SECRETS, validEnv } from '../support/env.js';

const ROOT = new URL('../..', import.meta.url).pathname;

type Route = (req: http.IncomingMessage, base: string) => [number, unknown];

/** A self-signed certificate for 127.0.0.1 (MSAL only talks to an https authority). */
function selfSignedCert(): { key: string; cert: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'entra-ops-tls-'));
  const out = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`openssl failed: ${out.stderr}`);
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    certFile: join(dir, 'cert.pem'),
  };
}

function fakeServer(
  routes: Record<string, Route>,
  tls?: { key: string; cert: string },
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  let base = '';
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    hits.push(`${req.method} ${path}`);
    const route = routes[`${req.method} ${path}`];
    const [status, body] = route ? route(req, base) : [404, { error: 'no route' }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      base = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ url: base, hits, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

function run(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME });

describe('npm start', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  // With no NetBird or Graph settings at all, npm start runs the demo tenant (test/e2e); with some
  // but not all, the configuration is incomplete and must say so.
  it('with incomplete settings prints the one configuration message and exits non-zero', async () => {
    const { exited, output } = run({ ...baseEnv(), NETBIRD_API_URL: 'https://netbird.contoso.test' });
    expect(await exited).not.toBe(0);
    const text = output();
    expect(text.match(/Configuration is invalid/g)).toHaveLength(1);
    for (const key of ['NETBIRD_READ_TOKEN', 'ENTRA_TENANT_ID', 'IT_GROUP_ID', 'SITES', 'AD_DNS_DOMAIN'])
      expect(text).toContain(key);
    expect(text).not.toContain('NETBIRD_API_URL');
  }, 120_000);

  it('listening beyond loopback (HOST=0.0.0.0) without a bot app id stops with the configuration message', async () => {
    const env = {
      ...baseEnv(),
      ...validEnv({ MicrosoftAppId: undefined, MicrosoftAppPassword: undefined }),
      HOST: '0.0.0.0',
      PORT: String(await freePort()),
    };
    const { exited, output } = run(env);
    expect(await exited).not.toBe(0);
    const text = output();
    expect(text.match(/Configuration is invalid/g)).toHaveLength(1);
    expect(text).toContain('MicrosoftAppId is required unless the app runs on the local host on a loopback address');
    expect(text).not.toContain('is running at');
  }, 120_000);

  describe('with settings pointing at reachable fakes', () => {
    let app: ReturnType<typeof run>;
    let port: number;
    let netbird: Awaited<ReturnType<typeof fakeServer>>;
    let tls: ReturnType<typeof selfSignedCert>;

    beforeAll(async () => {
      netbird = await fakeServer({ 'GET /api/users': () => [200, []] });
      tls = selfSignedCert();
      const entra = await fakeServer(
        {
          [`GET /${TENANT_ID}/v2.0/.well-known/openid-configuration`]: (_req, base) => [
            200,
            {
              token_endpoint: `${base}/${TENANT_ID}/oauth2/v2.0/token`,
              authorization_endpoint: `${base}/${TENANT_ID}/oauth2/v2.0/authorize`,
              issuer: `${base}/${TENANT_ID}/v2.0`,
              jwks_uri: `${base}/${TENANT_ID}/discovery/v2.0/keys`,
            },
          ],
          [`POST /${TENANT_ID}/oauth2/v2.0/token`]: () => [
            200,
            { token_type: 'Bearer', expires_in: 3599, access_token: 'fake-graph-token-abc' },
          ],
        },
        tls,
      );
      const graph = await fakeServer({ 'GET /v1.0/users': () => [200, { value: [] }] });
      servers.push(netbird, entra, graph);
      port = await freePort();
      const env = {
        ...baseEnv(),
        ...validEnv({ NETBIRD_API_URL: netbird.url, GRAPH_BASE_URL: graph.url, GRAPH_AUTHORITY_HOST: entra.url }),
        PORT: String(port),
        NODE_EXTRA_CA_CERTS: tls.certFile,
      };
      app = run(env);
    }, 120_000);

    afterAll(async () => {
      if (app.child.pid && app.child.exitCode === null) process.kill(-app.child.pid, 'SIGTERM');
      await app.exited;
    });

    it('serves GET /api/health on localhost:PORT with every dependency up', async () => {
      const deadline = Date.now() + 90_000;
      let res: Response | undefined;
      while (Date.now() < deadline) {
        res = await fetch(`http://localhost:${port}/api/health`).catch(() => undefined);
        if (res) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(res, app.output()).toBeDefined();
      const body = (await res!.json()) as { status: string; checks: Record<string, { ok: boolean; error?: string }> };
      expect(body.checks, app.output()).toMatchObject({
        netbird: { ok: true },
        graph: { ok: true },
        storage: { ok: true },
      });
      expect(res!.status).toBe(200);
      expect(netbird.hits).toContain('GET /api/users');
      expect(app.output()).toContain(`http://localhost:${port}`);
      for (const secret of Object.values(TEST_SECRETS)) expect(app.output()).not.toContain(secret);
    }, 120_000);

    it('prints the app\'s own start-up lines only: no "@azure/functions" test-mode warnings, fields not in messages', async () => {
      const deadline = Date.now() + 90_000;
      while (!app.output().includes('is running at') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));
      const text = app.output();
      expect(text).toContain('is running at');
      expect(text).not.toMatch(/WARNING|test mode|Skipping call to register/);
      // Every log line is one JSON record whose message is as written, its fields as keys beside it.
      const records = text
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.map((r) => r.message)).toContain('timer scheduled');
      for (const r of records) expect(String(r.message)).not.toMatch(/[{}]/);
    }, 120_000);
  });
});
