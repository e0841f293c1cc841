/** What a card action answers: the view whose card Teams shows the person who clicked (rendered at the edge). */
import { noticeView, type NoticeTone, type NoticeView } from '../teams/sender.js';
import type { ApprovalView, BatchView, ReturnerView } from './views.js';

export interface OffboardingActionResult {
  view: ApprovalView | BatchView | ReturnerView | NoticeView;
}

/** A short notice instead of the card: a refusal, an unknown case, invalid data. */
export const notice = (title: string, text: string, tone: NoticeTone = 'attention'): OffboardingActionResult => ({
  view: noticeView(title, text, tone),
});
