/**
 * What the dev console's fake Teams client shows: every activity the bot sent or updated, per
 * conversation, with a sequence number the page polls from.
 */
export interface ConsoleMessage {
  seq: number;
  id: string;
  conversationId: string;
  from: 'bot' | 'user';
  /** Who typed it (user messages) — the person's Entra object id. */
  author?: string;
  text: string;
  cards: unknown[];
  /** Only this person sees the message (an invoke response replaces a card for the clicker only). */
  visibleTo?: string;
  updatedSeq: number;
}

export class ConsoleStore {
  private seq = 0;
  private readonly messages = new Map<string, ConsoleMessage>();

  add(m: Omit<ConsoleMessage, 'seq' | 'updatedSeq'>): ConsoleMessage {
    const seq = ++this.seq;
    const msg = { ...m, seq, updatedSeq: seq };
    this.messages.set(m.id, msg);
    return msg;
  }

  update(id: string, patch: Partial<Pick<ConsoleMessage, 'text' | 'cards'>>): ConsoleMessage | undefined {
    const current = this.messages.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch, updatedSeq: ++this.seq };
    this.messages.set(id, next);
    return next;
  }

  get(id: string): ConsoleMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages added or changed after `since`, oldest first. */
  since(since: number): ConsoleMessage[] {
    return [...this.messages.values()].filter((m) => m.updatedSeq > since).sort((a, b) => a.seq - b.seq);
  }

  get latest(): number {
    return this.seq;
  }
}
