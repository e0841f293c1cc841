/** What a card action answers: the card Teams shows the person who clicked. */
import { renderNoticeCard } from '../../cards/offboarding/notice.js';
import type { AdaptiveCard } from '../../cards/types.js';

export interface OffboardingActionResult {
  card: AdaptiveCard;
}

/** A short notice instead of the card: a refusal, an unknown case, invalid data. */
export const notice = (title: string, text: string, style: 'attention' | 'warning' | 'default' | 'good' = 'attention'): OffboardingActionResult =>
  ({ card: renderNoticeCard({ title, text, style }) });
