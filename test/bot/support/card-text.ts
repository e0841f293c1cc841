/** Reading the bot's answers back: the card of an activity, and its text as lines. */
export type Card = Record<string, unknown>;

export const cardOf = (activity: Record<string, unknown>): Card =>
  (activity.attachments as { content: Card }[])[0]!.content;

/**
 * Card text as a reader sees it: the CommonMark backslash escapes cards/plain-text.ts adds
 * (`\*`, `\_`, `\[`, `\<`, `\-` at a line start, …) taken off again.
 */
export const shown = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/**
 * Every TextBlock text, RichTextBlock (its runs joined) and fact of a card, in order, as lines:
 * as shown (`escaped: false`, the default) or exactly as sent.
 */
export function linesOf(card: unknown, { escaped = false }: { escaped?: boolean } = {}): string[] {
  const out: string[] = [];
  const read = (text: string) => (escaped ? text : shown(text));
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(read(n.text));
    // TextRuns are never markdown-processed, so they are sent as they are.
    if (n.type === 'RichTextBlock') out.push((n.inlines as { text: string }[]).map((r) => r.text).join(''));
    if (n.type === 'FactSet')
      for (const f of n.facts as { title: string; value: string }[]) out.push(`${read(f.title)}: ${read(f.value)}`);
    for (const [k, v] of Object.entries(n)) if (k !== 'facts' && k !== 'inlines') walk(v);
  };
  walk(card);
  return out;
}
