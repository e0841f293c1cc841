/**
 * The alert card in the IT channel: an offboarding step gave up (one card per failure episode,
 * updated in place until it recovers), or a timer stopped succeeding (heartbeat.ts).
 */
import { renderCard } from '../render.js';
import type { AdaptiveCard } from '../types.js';
import template from './alert.json' with { type: 'json' };

export interface AlertCardData {
  title: string;
  summary: string;
  /** `attention` while something is wrong, `good` once it recovered. */
  style: 'attention' | 'warning' | 'good';
  facts: { title: string; value: string }[];
  advice: string;
}

export function renderAlertCard(data: AlertCardData): AdaptiveCard {
  return renderCard(template, data);
}
