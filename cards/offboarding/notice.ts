/** A short notice shown to the person who clicked: a refusal, an unknown case, invalid card data. */
import { renderCard } from '../render.js';
import type { AdaptiveCard } from '../types.js';
import template from './notice.json' with { type: 'json' };

export interface NoticeCardData {
  title: string;
  text: string;
  style: 'attention' | 'warning' | 'default' | 'good';
}

export function renderNoticeCard(data: NoticeCardData): AdaptiveCard {
  return renderCard(template, data);
}
