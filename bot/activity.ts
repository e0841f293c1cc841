/**
 * The incoming Teams activities the bot acts on, validated with zod and turned into a small union
 * with literal `kind`s, so the router's `switch` is checked by the compiler. Anything else is
 * `other` and ignored. Only what Teams actually sends is required; extra fields pass through.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
import { z } from 'zod';
import type { Caller } from './commands/types.js';
import { stripBotMention } from './parser.js';

const account = z.looseObject({ id: z.string(), name: z.string().nullish(), aadObjectId: z.string().nullish() });

const base = z.looseObject({
  channelId: z.string(),
  serviceUrl: z.string(),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string(),
    tenantId: z.string().nullish(),
    conversationType: z.string().nullish(),
  }),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string() }).nullish(),
      channel: z.looseObject({ id: z.string() }).nullish(),
    })
    .nullish(),
  entities: z.array(z.unknown()).nullish(),
  replyToId: z.string().nullish(),
});

const activitySchema = z.discriminatedUnion('type', [
  base.extend({ type: z.literal('message'), text: z.string().nullish() }),
  base.extend({ type: z.literal('invoke'), name: z.string().nullish(), value: z.unknown() }),
  base.extend({ type: z.literal('conversationUpdate'), membersAdded: z.array(account).nullish() }),
  base.extend({ type: z.literal('installationUpdate'), action: z.string().nullish() }),
]);

/** `value` of an `adaptiveCard/action` invoke (`trigger` is `automatic` for a card refresh). */
const cardActionValue = z.object({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(200),
    data: z.record(z.string(), z.unknown()).nullish(),
  }),
  trigger: z.enum(['manual', 'automatic']).nullish(),
});

interface Common {
  /** The sender; undefined when Teams sent no Entra object id (then nothing is allowed). */
  caller: Caller | undefined;
  /** `channelData.tenant.id`, else `conversation.tenantId`. */
  tenantId: string | undefined;
  conversationType: string;
}

export type Incoming =
  | (Common & { kind: 'message'; text: string })
  | (Common & {
      kind: 'card-action';
      verb: string;
      data: Record<string, unknown>;
      trigger: 'manual' | 'automatic';
      replyToId: string | undefined;
    })
  | (Common & { kind: 'invoke'; name: string })
  | (Common & { kind: 'installed' })
  | { kind: 'other'; type: string; tenantId: string | undefined };

type Parsed = z.infer<typeof activitySchema>;

function common(a: Parsed): Common {
  const aad = a.from.aadObjectId;
  return {
    caller: aad ? { aadObjectId: aad, name: a.from.name ?? 'someone' } : undefined,
    tenantId: a.channelData?.tenant?.id ?? a.conversation.tenantId ?? undefined,
    conversationType: a.conversation.conversationType ?? 'personal',
  };
}

function tenantOf(raw: unknown): string | undefined {
  const a = raw as { channelData?: { tenant?: { id?: unknown } }; conversation?: { tenantId?: unknown } } | undefined;
  const id = a?.channelData?.tenant?.id ?? a?.conversation?.tenantId;
  return typeof id === 'string' ? id : undefined;
}

export function readActivity(raw: unknown): Incoming {
  const parsed = activitySchema.safeParse(raw);
  if (!parsed.success) {
    const type = (raw as { type?: unknown } | undefined)?.type;
    return { kind: 'other', type: typeof type === 'string' ? type : 'unknown', tenantId: tenantOf(raw) };
  }
  const a = parsed.data;
  switch (a.type) {
    case 'message':
      return { ...common(a), kind: 'message', text: stripBotMention(a.text, a.entities, a.recipient.id) };
    case 'invoke': {
      if (a.name !== 'adaptiveCard/action') return { ...common(a), kind: 'invoke', name: a.name ?? '' };
      const value = cardActionValue.safeParse(a.value);
      if (!value.success) return { ...common(a), kind: 'invoke', name: a.name };
      const { action, trigger } = value.data;
      return {
        ...common(a),
        kind: 'card-action',
        verb: action.verb,
        data: action.data ?? {},
        trigger: trigger ?? 'manual',
        replyToId: a.replyToId ?? undefined,
      };
    }
    case 'conversationUpdate':
      // The bot itself among the members added: the app was installed in this team or chat.
      return (a.membersAdded ?? []).some((m) => m.id === a.recipient.id)
        ? { ...common(a), kind: 'installed' }
        : { kind: 'other', type: a.type, tenantId: common(a).tenantId };
    case 'installationUpdate':
      return a.action === 'add' || a.action === 'add-upgrade'
        ? { ...common(a), kind: 'installed' }
        : { kind: 'other', type: a.type, tenantId: common(a).tenantId };
  }
}
