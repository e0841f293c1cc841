/**
 * Activities shaped as Teams sends them to a bot (personal chat, channel @mention, card action
 * invoke, app installation), so the console exercises the same code path as Teams.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages
 */
import { randomUUID } from 'node:crypto';

export interface Person {
  id: string;
  displayName: string;
  userPrincipalName: string;
}
export interface Envelope {
  serviceUrl: string;
  tenantId: string;
  botId: string;
  botName: string;
}

export const personalConversationId = (p: Person) => `a:console-personal-${p.id}`;

function base(
  env: Envelope,
  p: Person,
  conversation: Record<string, unknown>,
  channelData: Record<string, unknown> = {},
) {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    timestamp: now,
    localTimestamp: now,
    channelId: 'msteams',
    serviceUrl: env.serviceUrl,
    from: { id: `29:${p.id}`, name: p.displayName, aadObjectId: p.id },
    conversation: { ...conversation, tenantId: env.tenantId },
    recipient: { id: env.botId, name: env.botName },
    locale: 'en-US',
    channelData: { tenant: { id: env.tenantId }, ...channelData },
  };
}

export function personalMessage(env: Envelope, p: Person, text: string) {
  return {
    ...base(env, p, { id: personalConversationId(p), conversationType: 'personal' }),
    type: 'message',
    text,
    textFormat: 'plain',
  };
}

export function channelMessage(env: Envelope, p: Person, channelId: string, text: string) {
  const mention = `<at>${env.botName}</at>`;
  const activity = base(
    env,
    p,
    { id: channelId, conversationType: 'channel', isGroup: true },
    { teamsChannelId: channelId, channel: { id: channelId }, team: { id: channelId } },
  );
  return {
    ...activity,
    conversation: { ...activity.conversation, id: `${channelId};messageid=${activity.id}` },
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: { id: env.botId, name: env.botName } }],
  };
}

export function cardInvoke(
  env: Envelope,
  p: Person,
  conversationId: string,
  replyToId: string,
  verb: string,
  data: unknown,
) {
  const conversation = conversationId.startsWith('a:')
    ? { id: conversationId, conversationType: 'personal' }
    : { id: conversationId, conversationType: 'channel', isGroup: true };
  return {
    ...base(env, p, conversation),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

export function installation(env: Envelope, p: Person) {
  return {
    ...base(env, p, { id: personalConversationId(p), conversationType: 'personal' }),
    type: 'installationUpdate',
    action: 'add',
  };
}
