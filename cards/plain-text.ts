/**
 * Card text is plain text. Teams renders a subset of markdown in a TextBlock's `text`, in a fact's
 * `title` and `value`, and in a message's `text`; a display name like `[Approve](https://evil)`
 * would otherwise become a live link on an approval card, and our own "QUARANTINE_MACHINE_PEERS
 * is off" would go italic. So every such string gets CommonMark backslash escapes
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes) for the punctuation that can start
 * markdown, and for a list or heading marker at the start of a line. Newlines are kept (`\n\n`
 * is still a paragraph break). Nothing else in a card is touched: action `data`, input ids,
 * choice values, URLs and styles stay byte-identical. Text that must look bold uses
 * `weight: Bolder` or a RichTextBlock TextRun (never markdown-processed), not `**`.
 */

/** Punctuation that can open or close markdown anywhere in a line (emphasis, code, links, html, headings). */
const INLINE = /[\\`*_[\]~<>#]/g;
/** A bullet (`-`, `+`) at the start of a line, before a space or the line's end. (`*` is escaped everywhere.) */
const BULLET = /^([ \t]*)([-+])(?=[ \t]|$)/gm;
/** A thematic break or setext heading underline: a line of only `-` or `=` (`***`, `___` are escaped everywhere). */
const UNDERLINE = /^([ \t]*)([-=])(?=[-= \t]*$)/gm;
/** An ordered-list marker at the start of a line: `1.` or `1)` before a space or the line's end (not `0.60.2`). */
const ORDERED = /^([ \t]*\d{1,9})([.)])(?=[ \t]|$)/gm;

/** `text` with every markdown-significant character backslash-escaped, so it renders as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(INLINE, '\\$&').replace(BULLET, '$1\\$2').replace(UNDERLINE, '$1\\$2').replace(ORDERED, '$1\\$2');
}

/** Keys never walked: what the card sends back (`data`) is not shown, and must stay as it is. */
const SKIP = new Set(['data', '$data']);

/**
 * Escapes, in place, every TextBlock `text` and every fact `title`/`value` of an expanded card,
 * wherever they are (body, containers, columns, `Action.ShowCard` cards, fallbacks).
 */
export function plainCardText<T>(card: T): T {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') n.text = escapeMarkdown(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts)) {
      for (const fact of n.facts as unknown[]) {
        if (!fact || typeof fact !== 'object') continue;
        const f = fact as Record<string, unknown>;
        if (typeof f.title === 'string') f.title = escapeMarkdown(f.title);
        if (typeof f.value === 'string') f.value = escapeMarkdown(f.value);
      }
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'facts' && !SKIP.has(key)) walk(value);
  };
  walk(card);
  return card;
}
