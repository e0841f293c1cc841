/**
 * Activities shaped exactly as Teams sends them to a bot (ids, tenant, channelData, mention
 * entities, clientInfo): a channel message that @mentions the bot, a personal-chat message, an
 * `adaptiveCard/action` invoke, and the install events.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
import { randomUUID } from 'node:crypto';
import { SERVICE_URL } from '../../support/bot-connector.js';
import { IT_CHANNEL_ID, TENANT_ID, validEnv } from '../../support/env.js';

export const APP_ID = validEnv().MicrosoftAppId!;
export const BOT_ID = `28:${APP_ID}`;
export const BOT_NAME = 'Entra Ops';
export const TEAM_ID = '19:0a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2';

export interface Person {
  aadObjectId: string;
  name: string;
}

/** Ivy is in the IT group; Sam is not (the Graph fake answers accordingly). */
export const IVY: Person = { aadObjectId: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a', name: 'Ivy Kealoha' };
export const SAM: Person = { aadObjectId: '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968', name: 'Sam Sales' };

const teamsUserId = (p: Person) => `29:1${p.aadObjectId.replace(/-/g, '').slice(0, 20)}Xq9`;
const clientInfo = {
  type: 'clientInfo',
  locale: 'en-US',
  country: 'US',
  platform: 'Web',
  timezone: 'Pacific/Honolulu',
};

interface Options {
  from?: Person;
  tenantId?: string;
}

function common(from: Person) {
  const now = new Date();
  return {
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace('Z', '-10:00'),
    id: `${now.getTime()}${Math.floor(Math.random() * 1000)}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: teamsUserId(from), name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: BOT_ID, name: BOT_NAME },
    locale: 'en-US',
    localTimezone: 'Pacific/Honolulu',
  };
}

/** A message in the IT channel: `<at>Entra Ops</at> text`, with the mention entity Teams adds. */
export function channelMessage(text: string, { from = IVY, tenantId = TENANT_ID }: Options = {}) {
  const base = common(from);
  const mention = `<at>${BOT_NAME}</at>`;
  return {
    ...base,
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    attachments: [
      {
        contentType: 'text/html',
        content: `<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">${BOT_NAME}</span> ${text}</div></div>`,
      },
    ],
    conversation: { isGroup: true, conversationType: 'channel', tenantId, id: `${IT_CHANNEL_ID};messageid=${base.id}` },
    entities: [{ mentioned: { id: BOT_ID, name: BOT_NAME }, text: mention, type: 'mention' }, clientInfo],
    channelData: {
      teamsChannelId: IT_CHANNEL_ID,
      teamsTeamId: TEAM_ID,
      channel: { id: IT_CHANNEL_ID },
      team: { id: TEAM_ID },
      tenant: { id: tenantId },
    },
  };
}

export const personalConversationId = (p: Person) => `a:1personal-${p.aadObjectId}`;

/** A message in the person's 1:1 chat with the bot (no mention needed there). */
export function personalMessage(text: string, { from = IVY, tenantId = TENANT_ID }: Options = {}) {
  return {
    ...common(from),
    type: 'message',
    text,
    textFormat: 'plain',
    conversation: { conversationType: 'personal', tenantId, id: personalConversationId(from) },
    entities: [clientInfo],
    channelData: { tenant: { id: tenantId } },
  };
}

/** A click on an `Action.Execute` button of a card the bot sent (`replyToId`) in the 1:1 chat or the channel. */
export function cardAction(
  verb: string,
  data: Record<string, unknown>,
  {
    from = IVY,
    tenantId = TENANT_ID,
    replyToId = '1731500000000',
    inChannel = false,
  }: Options & { replyToId?: string; inChannel?: boolean } = {},
) {
  const base = common(from);
  return {
    ...base,
    id: `f:${randomUUID()}`,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    conversation: inChannel
      ? { isGroup: true, conversationType: 'channel', tenantId, id: `${IT_CHANNEL_ID};messageid=${replyToId}` }
      : { conversationType: 'personal', tenantId, id: personalConversationId(from) },
    entities: [clientInfo],
    channelData: { tenant: { id: tenantId }, source: { name: 'message' }, legacy: { replyToId } },
    value: { action: { type: 'Action.Execute', title: 'Confirm', verb, data }, trigger: 'manual' },
  };
}

/** The app added to the person's personal scope. */
export function personalInstall({ from = IVY, tenantId = TENANT_ID }: Options = {}) {
  return {
    ...common(from),
    type: 'installationUpdate',
    action: 'add',
    conversation: { conversationType: 'personal', tenantId, id: personalConversationId(from) },
    channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
    entities: [clientInfo],
  };
}

/** The app added to a team: Teams sends conversationUpdate with the bot among membersAdded. */
export function teamInstall({ from = IVY, tenantId = TENANT_ID }: Options = {}) {
  return {
    ...common(from),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT_ID }],
    conversation: { isGroup: true, conversationType: 'channel', tenantId, id: IT_CHANNEL_ID },
    channelData: {
      team: { id: TEAM_ID, name: 'IT Ops' },
      eventType: 'teamMemberAdded',
      tenant: { id: tenantId },
      channel: { id: IT_CHANNEL_ID },
    },
  };
}
