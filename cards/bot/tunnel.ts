/**
 * The `tunnel` answer: for each peer its state, the DC line-of-sight verdict with the reasons, and
 * the path to the DCs (routing per site, AD ports, DNS, All→All); then what "connected" means.
 */
import { renderCard } from '../render.js';
import type { CardColor, CardMessage, Fact, Line } from './message.js';
import template from './tunnel.json' with { type: 'json' };

export interface TunnelPeerData {
  name: string;
  /** `DC line of sight: OK` / `at risk` / `broken`. */
  verdict: string;
  verdictColor: CardColor;
  reasons: Line[];
  /** Connected, last seen, version, OS, login expiry, groups, enrolment. */
  facts: Fact[];
  /** One fact per site, then DNS and the All→All policy. */
  path: Fact[];
}

export interface TunnelCardData {
  title: string;
  subtitle: string;
  notes: Line[];
  peers: TunnelPeerData[];
  /** `and N more peers`, or ''. */
  more: string;
  connectedMeans: string;
  fallback: string;
}

export function tunnelCard(data: TunnelCardData): CardMessage {
  return { card: renderCard(template, data), text: data.fallback };
}
