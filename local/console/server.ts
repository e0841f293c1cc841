/**
 * The dev console: a page at `/` that plays Teams. It posts Teams-shaped activities to the bot's
 * real `/api/messages` endpoint over HTTP, and serves a Bot Connector at `/console/connector/`
 * (the `serviceUrl` of those activities) that receives the bot's replies, proactive messages and
 * card updates. Cards are rendered in the page with the `adaptivecards` renderer and the Teams
 * light host config. Local only: it is never registered as a function.
 */
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ExtraRoute } from '../http-server.js';
import type { Logger } from '../../shared/logger.js';
import {
  cardInvoke,
  channelMessage,
  installation,
  personalConversationId,
  personalMessage,
  type Envelope,
  type Person,
} from './activities.js';
import { ConsoleStore } from './store.js';
import { readJson } from '../../shared/http/read-json.js';

export interface ConsoleControls {
  disableUser?(userId: string): Promise<void>;
  /** Enabled again in Entra (a returner: the restore card), with its change notification. */
  enableUser?(userId: string): Promise<void>;
  deleteUser?(userId: string): Promise<void>;
  resetPassword?(userId: string, by: 'self' | 'admin'): Promise<void>;
  setPeerConnected?(peer: string, connected: boolean): void;
}

export interface ConsoleOptions {
  /** Where the app listens, e.g. http://localhost:7071 (the console calls /api/messages there). */
  appUrl: () => string;
  tenantId: string;
  botAppId: string | undefined;
  itChannelId: string;
  people: { role: string; person: Person }[];
  controls?: ConsoleControls;
  /** What the simulated world looks like now (no secrets): shown by GET /console/world. */
  worldView?: () => unknown;
  /** Extra facts to show (e.g. the leaver's laptop name), keyed by label. */
  hints?: Record<string, string>;
  logger: Logger;
}

const CONNECTOR = '/console/connector';
const require = createRequire(import.meta.url);
const PAGE = new URL('./page.html', import.meta.url);
const SCRIPT = new URL('./page.js', import.meta.url);
const HOST_CONFIG = new URL('../../../shared/adaptivecards/teams-hostconfig-light.json', import.meta.url);
// The compiled console lives in dist/local/console; the page assets stay in the source tree.
const sourceAsset = (u: URL) => new URL(u.href.replace('/dist/local/', '/local/'));

const sendSchema = z.object({
  as: z.string(),
  text: z.string().min(1).max(2000),
  where: z.enum(['personal', 'channel']).default('personal'),
});
const invokeSchema = z.object({
  as: z.string(),
  conversationId: z.string(),
  activityId: z.string(),
  verb: z.string().max(200),
  data: z.unknown(),
});
const controlSchema = z.object({
  action: z.enum(['disable-user', 'enable-user', 'delete-user', 'reset-password', 'peer-offline', 'peer-online']),
  target: z.string().min(1).max(200),
});

/** A Node request's JSON body through the app's one body reader (shared/http/read-json.ts); empty is {}. */
async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? readJson({ text: () => Promise.resolve(text) }) : {};
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): true {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  return true;
}

export function createConsole(options: ConsoleOptions): {
  route: ExtraRoute;
  store: ConsoleStore;
  connectorUrl: () => string;
  installAll(): Promise<void>;
} {
  const store = new ConsoleStore();
  const connectorUrl = () => `${options.appUrl()}${CONNECTOR}/`;
  const envelope = (): Envelope => ({
    serviceUrl: connectorUrl(),
    tenantId: options.tenantId,
    botId: `28:${options.botAppId ?? 'entra-ops-local-bot'}`,
    botName: 'Entra Ops',
  });
  const personById = (id: string) => options.people.find((p) => p.person.id === id)?.person;

  async function toBot(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${options.appUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  }

  async function connector(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<boolean> {
    const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?|\/members\/([^/]+))?)?$/.exec(path);
    if (!m) return send(res, 404, { error: { code: 'NotFound', message: path } });
    const conversationId = m[1] ? decodeURIComponent(m[1]) : undefined;
    const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
    if (req.method === 'GET' && m[3]) {
      const p = personById(decodeURIComponent(m[3]).replace(/^29:/, ''));
      return p
        ? send(res, 200, {
            id: `29:${p.id}`,
            name: p.displayName,
            aadObjectId: p.id,
            userPrincipalName: p.userPrincipalName,
            tenantId: options.tenantId,
          })
        : send(res, 404, { error: { code: 'MemberNotFoundInConversation' } });
    }
    if (req.method === 'POST' && !conversationId) {
      // Create a 1:1 conversation: the console's personal conversation for that member.
      const body = (await readBody(req)) as { members?: { id?: string; aadObjectId?: string }[] };
      const who = body.members?.[0];
      const p = personById((who?.aadObjectId ?? who?.id ?? '').replace(/^29:/, ''));
      return p
        ? send(res, 201, { id: personalConversationId(p) })
        : send(res, 403, { error: { code: 'BotNotInConversationRoster' } });
    }
    const activity = (await readBody(req)) as { type?: string; text?: string; attachments?: { content?: unknown }[] };
    const cards = (activity.attachments ?? []).map((a) => a.content).filter((c) => c !== undefined);
    const cid = (conversationId ?? '').replace(/;messageid=.*$/, '');
    if (req.method === 'PUT' && activityId) {
      const updated = store.update(activityId, { text: activity.text ?? '', cards });
      return updated ? send(res, 200, { id: activityId }) : send(res, 404, { error: { code: 'ActivityNotFound' } });
    }
    if (req.method === 'POST') {
      if (activity.type === 'typing') return send(res, 200, { id: randomUUID() });
      const id = `console-${randomUUID()}`;
      store.add({ id, conversationId: cid, from: 'bot', text: activity.text ?? '', cards });
      return send(res, 201, { id });
    }
    return send(res, 405, { error: { code: 'MethodNotAllowed' } });
  }

  const route: ExtraRoute = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    try {
      if (path.startsWith(CONNECTOR)) return await connector(req, res, path.slice(CONNECTOR.length));
      if (req.method === 'GET' && (path === '/' || path === '/console'))
        return send(res, 200, await readFile(sourceAsset(PAGE)), 'text/html; charset=utf-8');
      if (req.method === 'GET' && path === '/console/page.js')
        return send(res, 200, await readFile(sourceAsset(SCRIPT)), 'text/javascript; charset=utf-8');
      if (req.method === 'GET' && path === '/console/adaptivecards.js')
        return send(
          res,
          200,
          await readFile(require.resolve('adaptivecards/dist/adaptivecards.min.js')),
          'text/javascript; charset=utf-8',
        );
      if (req.method === 'GET' && path === '/console/hostconfig.json')
        return send(res, 200, await readFile(HOST_CONFIG));
      if (req.method === 'GET' && path === '/console/state') {
        return send(res, 200, {
          people: options.people,
          itChannelId: options.itChannelId,
          hints: options.hints ?? {},
          controls: Object.keys(options.controls ?? {}),
          latest: store.latest,
        });
      }
      if (req.method === 'GET' && path === '/console/world') return send(res, 200, options.worldView?.() ?? {});
      if (req.method === 'GET' && path === '/console/messages')
        return send(res, 200, store.since(Number(url.searchParams.get('since') ?? 0)));
      if (req.method === 'POST' && path === '/console/send') {
        const body = sendSchema.parse(await readBody(req));
        const p = personById(body.as);
        if (!p) return send(res, 400, { error: 'unknown person' });
        const activity =
          body.where === 'channel'
            ? channelMessage(envelope(), p, options.itChannelId, body.text)
            : personalMessage(envelope(), p, body.text);
        const conversationId = body.where === 'channel' ? options.itChannelId : personalConversationId(p);
        store.add({ id: activity.id, conversationId, from: 'user', author: p.id, text: body.text, cards: [] });
        const result = await toBot(activity);
        return send(res, 200, { status: result.status });
      }
      if (req.method === 'POST' && path === '/console/invoke') {
        const body = invokeSchema.parse(await readBody(req));
        const p = personById(body.as);
        if (!p) return send(res, 400, { error: 'unknown person' });
        const result = await toBot(
          cardInvoke(envelope(), p, body.conversationId, body.activityId, body.verb, body.data),
        );
        return send(res, 200, result);
      }
      if (req.method === 'POST' && path === '/console/control') {
        const body = controlSchema.parse(await readBody(req));
        const c = options.controls ?? {};
        if (body.action === 'disable-user') await c.disableUser?.(body.target);
        else if (body.action === 'enable-user') await c.enableUser?.(body.target);
        else if (body.action === 'delete-user') await c.deleteUser?.(body.target);
        else if (body.action === 'reset-password') await c.resetPassword?.(body.target, 'self');
        else c.setPeerConnected?.(body.target, body.action === 'peer-online');
        return send(res, 200, { ok: true });
      }
    } catch (err) {
      options.logger.warn('console request failed', { path, error: err instanceof Error ? err : String(err) });
      return send(res, err instanceof z.ZodError || err instanceof SyntaxError ? 400 : 500, {
        error: err instanceof Error ? err.message : 'failed',
      });
    }
    return false;
  };

  return {
    route,
    store,
    connectorUrl,
    /** Installs the app for everyone but "someone else", as Teams would on install. */
    installAll: async () => {
      for (const { role, person } of options.people)
        if (role !== 'someone else') await toBot(installation(envelope(), person));
    },
  };
}
