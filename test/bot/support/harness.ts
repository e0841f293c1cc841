/**
 * The bot's test world: app settings pointing at Azurite and the fakes, the Entra and Bot
 * Framework token endpoints, the Bot Framework signing keys, and a Bot Connector that records
 * every activity the bot sends. `post` sends an activity to POST /api/messages the way the Bot
 * Connector does (with a signed JWT unless told otherwise) and returns what it answered plus the
 * invocation's log lines.
 */
import type { HttpHandler } from '@azure/functions';
import { afterEach, beforeEach, expect } from 'vitest';
import { createMessagesEndpoint, type EndpointOptions, type MessagesEndpoint } from '../../../bot/endpoint.js';
import { HttpRequest, HttpResponse, InvocationContext } from '../../../shared/host/azure-functions.js';
import { useAppEnv } from '../../support/app-env.js';
import { botConnector, nockBotToken, SERVICE_URL, type BotConnectorFake } from '../../support/bot-connector.js';
import { nockEntraToken } from '../../support/entra.js';
import { TENANT_ID, TEST_SECRETS } from '../../support/env.js';
import { connectorAuthorization, nockBotFrameworkKeys } from './jwt.js';
import { APP_ID } from './teams.js';

export interface Posted {
  status: number;
  text: string;
  json: unknown;
  logs: string[];
}

export type Auth = 'valid' | 'none' | { header: string };

export interface BotWorld {
  connector: BotConnectorFake;
  endpoint: MessagesEndpoint;
  post(activity: object, auth?: Auth, handler?: HttpHandler): Promise<Posted>;
  /** Messages the bot sent (typing indicators left out). */
  messages(): Record<string, unknown>[];
  /** Every log line of every post in this test. */
  logs: string[];
}

export function useBotWorld(env: Record<string, string | undefined> = {}, options: EndpointOptions = {}): BotWorld {
  useAppEnv({ TEAMS_SERVICE_URL: SERVICE_URL, ...env });
  const world = {} as BotWorld;
  beforeEach(() => {
    nockEntraToken(TENANT_ID);
    nockBotToken();
    nockBotFrameworkKeys();
    const endpoint = createMessagesEndpoint(options);
    const connector = botConnector();
    const allLogs: string[] = [];
    Object.assign(world, {
      connector,
      endpoint,
      logs: allLogs,
      messages: () => connector.activities.map((a) => a.activity).filter((a) => a.type !== 'typing'),
      post: async (
        activity: object,
        auth: Auth = 'valid',
        handler: HttpHandler = endpoint.handler,
      ): Promise<Posted> => {
        const logs: string[] = [];
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (auth === 'valid') headers.authorization = connectorAuthorization({ aud: APP_ID, serviceUrl: SERVICE_URL });
        else if (auth !== 'none') headers.authorization = auth.header;
        const request = new HttpRequest({
          method: 'POST',
          url: 'http://localhost:7071/api/messages',
          headers,
          body: { string: JSON.stringify(activity) },
        });
        const context = new InvocationContext({
          functionName: 'messages',
          logHandler: (level, ...args) => {
            const line = `${level}: ${args.map(String).join(' ')}`;
            logs.push(line);
            allLogs.push(line);
          },
        });
        const result = await handler(request, context);
        const response = result instanceof HttpResponse ? result : new HttpResponse(result);
        const text = await response.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        return { status: response.status, text, json, logs };
      },
    });
  });
  afterEach(async () => {
    await world.endpoint.settled();
    // Nothing the bot sent or logged may carry a secret.
    const sent = JSON.stringify(world.connector.activities) + world.logs.join('\n');
    for (const secret of Object.values(TEST_SECRETS)) expect(sent).not.toContain(secret);
  });
  return world;
}

/** Waits until `check` passes (for proactive follow-ups that arrive after the HTTP answer). */
export async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
