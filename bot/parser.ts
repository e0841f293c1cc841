/**
 * Command parsing, pure and total (it never throws, whatever Teams sends):
 * - only the bot's own `<at>…</at>` mention is removed, found through the activity's mention
 *   entities (Teams puts the mention markup in `text` and names who is mentioned in `entities`);
 *   other mentions and the rest of the text stay as typed;
 * - the verb is matched case-insensitively against each command's name and aliases, longest alias
 *   first (`tunnel status LAPTOP-42` is `tunnel` with `LAPTOP-42`, not `tunnel` with `status …`);
 * - arguments keep their case (`LAPTOP-42`), since hostnames and reasons are shown back as typed;
 * - an unknown verb gets the closest commands by edit distance.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#retrieve-mentions
 */
import { editDistance } from './edit-distance.js';

export interface CommandSpec {
  name: string;
  /** Other ways to say it; several words are allowed (`tunnel status`, `reset history`). */
  aliases: readonly string[];
}

export type ParseResult<C extends CommandSpec> =
  | { kind: 'empty' }
  | { kind: 'command'; command: C; /** the words that matched, lower-cased */ verb: string; args: string[] }
  | { kind: 'unknown'; word: string; suggestions: C[] };

const MAX_SUGGESTIONS = 3;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Teams sends a few HTML entities in plain text (`&nbsp;` after a mention, most often). */
function decodeEntities(text: string): string {
  return text.replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

function mentionTexts(entities: unknown, botId: string | undefined): string[] {
  if (!Array.isArray(entities) || !botId) return [];
  const out: string[] = [];
  for (const e of entities as unknown[]) {
    if (!e || typeof e !== 'object') continue;
    const { type, text, mentioned } = e as { type?: unknown; text?: unknown; mentioned?: { id?: unknown } | null };
    if (type === 'mention' && typeof text === 'string' && text && mentioned?.id === botId) out.push(text);
  }
  return out;
}

/**
 * The text with the bot's mention(s) removed and entities decoded. `botId` is the activity's
 * `recipient.id` (`28:<app id>`); a mention of anyone else is left in place.
 */
export function stripBotMention(text: unknown, entities: unknown, botId: string | undefined): string {
  let out = typeof text === 'string' ? text : '';
  for (const mention of mentionTexts(entities, botId)) out = out.split(mention).join(' ');
  return decodeEntities(out).trim();
}

export function tokenize(text: string): string[] {
  return text.split(/\s+/u).filter((t) => t.length > 0);
}

function phrasesOf(command: CommandSpec): string[][] {
  return [command.name, ...command.aliases].map((p) => tokenize(p.toLowerCase()));
}

function startsWith(tokens: readonly string[], phrase: readonly string[]): boolean {
  return phrase.length > 0 && phrase.length <= tokens.length && phrase.every((w, i) => tokens[i]!.toLowerCase() === w);
}

export function parseCommand<C extends CommandSpec>(text: string, commands: readonly C[]): ParseResult<C> {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: 'empty' };
  let best: { command: C; phrase: string[] } | undefined;
  for (const command of commands) {
    for (const phrase of phrasesOf(command)) {
      if (startsWith(tokens, phrase) && (!best || phrase.length > best.phrase.length)) best = { command, phrase };
    }
  }
  if (best)
    return {
      kind: 'command',
      command: best.command,
      verb: best.phrase.join(' '),
      args: tokens.slice(best.phrase.length),
    };
  const word = tokens[0]!;
  return { kind: 'unknown', word, suggestions: suggest(word, commands) };
}

/** Commands whose name or an alias word is close to `word` (or starts with it), closest first. */
export function suggest<C extends CommandSpec>(word: string, commands: readonly C[]): C[] {
  const w = word.toLowerCase();
  const scored: { command: C; distance: number }[] = [];
  for (const command of commands) {
    const words = new Set(phrasesOf(command).flat());
    let distance = Infinity;
    for (const candidate of words) {
      const d = candidate.startsWith(w) && w.length >= 2 ? 0.5 : editDistance(w, candidate);
      if (d <= Math.max(1, Math.floor(candidate.length / 3))) distance = Math.min(distance, d);
    }
    if (distance < Infinity) scored.push({ command, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.command.name.localeCompare(b.command.name))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.command);
}
