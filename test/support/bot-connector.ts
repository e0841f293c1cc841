/**
 * The Bot Connector as Teams runs it, faked with nock at the HTTP level: the Bot Framework token
 * endpoint (SingleTenant bots get tokens from their own tenant) and a service URL that records
 * every activity the bot sends or updates and answers with an id, as Teams does.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
 */
import nock from 'nock';
import { TENANT_ID } from './env.js';

export const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
export const BOT_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJib3RmcmFtZXdvcmsifQ.bot-token-sig';

export function nockBotToken(tenantId = TENANT_ID): nock.Scope {
  return nock('https://login.microsoftonline.com')
    .persist()
    .post(`/${tenantId}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: BOT_TOKEN });
}

export interface RecordedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** For PUT: the activity updated; for a reply POST: the activity replied to. */
  activityId?: string;
  activity: Record<string, unknown>;
  authorization: string | null;
}

export interface BotConnectorFake {
  activities: RecordedActivity[];
  /** Cards (attachment contents) in the order they were sent or updated. */
  cards(): Record<string, unknown>[];
  /** Makes sends to this conversation fail like Teams when the app is not installed. */
  refuse(conversationId: string, status?: number): void;
  scope: nock.Scope;
}

export function botConnector(serviceUrl = SERVICE_URL): BotConnectorFake {
  const activities: RecordedActivity[] = [];
  const refused = new Map<string, number>();
  let next = 1;
  const base = serviceUrl.replace(/\/$/, '');
  const url = new URL(base);
  const prefix = url.pathname.replace(/\/$/, '');
  const pattern = new RegExp(`^${prefix}/v3/conversations/([^/]+)/activities(?:/([^/?]+))?`);
  const handle = async (req: Request, method: 'POST' | 'PUT'): Promise<[number, unknown]> => {
    const m = pattern.exec(new URL(req.url).pathname);
    const conversationId = decodeURIComponent(m?.[1] ?? '');
    const activityId = m?.[2] ? decodeURIComponent(m[2]) : undefined;
    const status = refused.get(conversationId);
    if (status)
      return [
        status,
        { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } },
      ];
    activities.push({
      method,
      conversationId,
      activityId,
      activity: (await req.json()) as Record<string, unknown>,
      authorization: req.headers.get('authorization'),
    });
    return [method === 'PUT' ? 200 : 201, { id: method === 'PUT' ? activityId : `activity-${next++}` }];
  };
  const scope = nock(`${url.protocol}//${url.host}`)
    .persist()
    .post(pattern)
    .reply(async (req: Request) => handle(req, 'POST'))
    .put(pattern)
    .reply(async (req: Request) => handle(req, 'PUT'));
  return {
    activities,
    cards: () =>
      activities.flatMap((a) =>
        ((a.activity.attachments as { content?: Record<string, unknown> }[] | undefined) ?? []).map(
          (x) => x.content ?? {},
        ),
      ),
    refuse: (id, status = 403) => {
      refused.set(id, status);
    },
    scope,
  };
}
