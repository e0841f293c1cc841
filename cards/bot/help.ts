/** `help` and the "did you mean" answer to unknown input: commands with a usage line and an example. */
import { renderCard } from '../render.js';
import type { CardMessage } from './message.js';
import template from './help.json' with { type: 'json' };

export interface HelpCommand {
  usage: string;
  summary: string;
  example: string;
}

export interface HelpData {
  title: string;
  intro: string;
  commands: HelpCommand[];
}

export function helpCard(data: HelpData): CardMessage {
  const text = [
    data.title,
    data.intro,
    ...data.commands.map((c) => `${c.usage}: ${c.summary} (e.g. ${c.example})`),
  ].join('\n');
  return { card: renderCard(template, { ...data, fallback: text }), text };
}
