/** The alert card posted to the IT channel when an offboarding step gave up (the poison queue). */
import { renderCard } from '../render.js';
import type { AdaptiveCard } from '../types.js';
import template from './alert.json' with { type: 'json' };

export interface AlertCardData {
  title: string;
  summary: string;
  facts: { title: string; value: string }[];
  advice: string;
}

export function renderAlertCard(data: AlertCardData): AdaptiveCard {
  return renderCard(template, data);
}
