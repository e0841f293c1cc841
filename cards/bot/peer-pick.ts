/**
 * Several peers match what was typed: a short list, each with a button (`Action.Execute`, verb
 * `bot.tunnel`, data `{ peerId }`) whose invoke answers with that peer's `tunnel` card.
 */
import { renderCard } from '../render.js';
import type { CardMessage } from './message.js';
import template from './peer-pick.json' with { type: 'json' };

export const PICK_VERB = 'bot.tunnel';

export interface PeerPickData {
  title: string;
  hint: string;
  candidates: { id: string; name: string; detail: string }[];
  more: string;
  fallback: string;
}

export function peerPickCard(data: PeerPickData): CardMessage {
  return { card: renderCard(template, data), text: data.fallback };
}
