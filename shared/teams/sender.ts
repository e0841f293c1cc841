/**
 * The Teams sending port: what the core asks of Teams, in the core's own terms. Use-cases hand it
 * a view (plain data with a literal `kind`); the implementation at the edge (bot/teams-sender.ts)
 * renders the card for it (cards/views.ts) and sends it with botbuilder. The core never sees a card.
 */
import type { ActivityFeedView } from '../activity/types.js';
import type { DriftUnmappedView, DriftView } from '../drift/view.js';
import type { JoinerCardView } from '../joiners/views.js';
import type { OffboardingView } from '../offboarding/views.js';
import type { WaveView } from '../waves/views.js';

export interface Mention {
  aadObjectId: string;
  name: string;
}

/** Where a message went: enough to update it in place or reply in its thread later (stored with cases). */
export interface SentMessage {
  conversationId: string;
  activityId: string;
  serviceUrl: string;
  via: 'personal' | 'channel';
}

export type NoticeTone = 'attention' | 'warning' | 'default' | 'good';

/** A short notice: a refusal, an unknown case, invalid card data. */
export interface NoticeView {
  kind: 'notice';
  title: string;
  text: string;
  tone: NoticeTone;
}

/** Everything the core can show in Teams. */
export type TeamsView =
  OffboardingView | WaveView | DriftView | DriftUnmappedView | JoinerCardView | ActivityFeedView | NoticeView;

export const noticeView = (title: string, text: string, tone: NoticeTone = 'attention'): NoticeView => ({
  kind: 'notice',
  title,
  text,
  tone,
});

/**
 * Errors are caught where the send happens (the proactive turn swallows them otherwise):
 * a person without the app installed is "not sent" (`undefined`), anything else throws an
 * UpstreamError('botframework', …).
 */
export interface TeamsSender {
  /** A 1:1 message; undefined when the app is not installed for the user (no reference, or 403). */
  sendToUser(aadObjectId: string, view: TeamsView): Promise<SentMessage | undefined>;
  /** A new post in the IT channel, @mentioning `mentions`. */
  postToChannel(view: TeamsView, mentions?: Mention[]): Promise<SentMessage>;
  /** 1:1 where the app is installed for the person, otherwise an IT-channel post that mentions them. */
  sendToUserOrChannel(user: Mention, view: TeamsView): Promise<SentMessage>;
  /** A reply in the thread of a channel post (an edit notifies nobody; a reply does). */
  replyInThread(root: SentMessage, view: TeamsView): Promise<SentMessage>;
  /** Replaces a message already sent, for everyone who sees it. */
  update(sent: SentMessage, view: TeamsView): Promise<void>;
}
