/** Reading the bot's answers back: the card of an activity, and its text as lines. */
export type Card = Record<string, unknown>;

export const cardOf = (activity: Record<string, unknown>): Card => (activity.attachments as { content: Card }[])[0]!.content;

/** Every TextBlock text and fact of a card, in order, as lines. */
export function linesOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet') for (const f of n.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    for (const [k, v] of Object.entries(n)) if (k !== 'facts') walk(v);
  };
  walk(card);
  return out;
}
