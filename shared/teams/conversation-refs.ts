/**
 * Conversation references, kept in table storage (not a file: the app scales out), so the bot
 * can message people and channels proactively. Captured on install and on every message.
 * A 1:1 chat can only be reached where the app is installed for that user; when a send answers
 * 403 the reference is marked `notInstalled` and callers fall back to the IT channel.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 */
import { z } from 'zod';
import { EntityTable } from '../store/table.js';
import { tableName } from '../store/tables.js';
import { keySafe } from '../store/keys.js';

/** The parts of botbuilder's ConversationReference a proactive send needs. */
export const conversationReferenceSchema = z.object({
  channelId: z.string(),
  serviceUrl: z.url(),
  conversation: z.looseObject({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: z.looseObject({ id: z.string(), name: z.string().optional() }),
  user: z.looseObject({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() }).optional(),
  locale: z.string().optional(),
});
export type StoredReference = z.infer<typeof conversationReferenceSchema>;

const rowSchema = z.object({
  reference: conversationReferenceSchema,
  /** Set when a send answered 403: the app is not installed for this user (any more). */
  notInstalled: z.boolean().default(false),
  updatedAt: z.string(),
});
type Row = z.infer<typeof rowSchema>;

/** Personal chats are keyed by the user's Entra object id; other conversations by their id. */
const PERSONAL = 'personal';
const CONVERSATION = 'conversation';

export class ConversationRefs {
  private readonly table: EntityTable<Row>;

  constructor(connectionString: string) {
    this.table = EntityTable.fromConnectionString(connectionString, tableName('conversationReferences'), {
      schema: rowSchema,
    });
  }

  /** Stores the reference of the conversation an activity came from. Personal chats also by user. */
  async save(reference: StoredReference, now = new Date()): Promise<void> {
    const parsed = conversationReferenceSchema.parse(reference);
    const row: Row = { reference: parsed, notInstalled: false, updatedAt: now.toISOString() };
    const aad = parsed.user?.aadObjectId;
    const personal = parsed.conversation.conversationType === 'personal';
    if (personal && aad) await this.table.upsert(PERSONAL, keySafe(aad.toLowerCase()), row);
    else await this.table.upsert(CONVERSATION, keySafe(parsed.conversation.id), row);
  }

  /** The user's personal chat with the bot, unless the app is known not to be installed. */
  async forUser(aadObjectId: string): Promise<StoredReference | undefined> {
    const row = await this.table.get(PERSONAL, keySafe(aadObjectId.toLowerCase()));
    return row && !row.value.notInstalled ? row.value.reference : undefined;
  }

  async forConversation(conversationId: string): Promise<StoredReference | undefined> {
    return (await this.table.get(CONVERSATION, keySafe(conversationId)))?.value.reference;
  }

  async markNotInstalled(aadObjectId: string, now = new Date()): Promise<void> {
    await this.table.mutate(
      PERSONAL,
      keySafe(aadObjectId.toLowerCase()),
      (row) => row && { ...row, notInstalled: true, updatedAt: now.toISOString() },
    );
  }
}
