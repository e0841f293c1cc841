/**
 * What offboarding shows in Teams, as data: each view names what it shows and carries the stored
 * case or batch it is built from. cards/offboarding/ turns a view into its card, so the copy sent
 * to the manager, the reminder, the escalation and the in-place updates always agree.
 */
import type { Batch } from './batch-model.js';
import type { Episode } from './episodes.js';
import type { Heartbeat } from './heartbeat-model.js';
import type { OffboardingCase } from './model.js';
import { DECIDABLE } from './state-machine.js';

/** Devices beyond this are not offered a choice on the approval card (it must stay under 28 KB). */
export const MAX_CARD_DEVICES = 25;

/** Adaptive Card container styles, as the core names a banner's emphasis. */
export type ViewStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

/** The approval card of a case: decision buttons while decidable, the outcome once decided. */
export interface ApprovalView {
  kind: 'offboarding.approval';
  case: OffboardingCase;
  banner?: string;
  bannerStyle?: ViewStyle;
  /** No decision buttons: for anyone who is neither the manager nor an IT approver, and the user. */
  readOnly?: boolean;
}

/** The blast-radius guard's card of held users. */
export interface BatchView {
  kind: 'offboarding.batch';
  batch: Batch;
}

/** A message that went to the poison queue: the step failed for good. */
export interface FailureView {
  kind: 'offboarding.failure';
  c?: OffboardingCase;
  userId?: string;
  step: string;
  message: string;
  attempts?: number;
  queue: string;
}

/** A timer that has not succeeded for too long, or runs again (`recoveredAt`). */
export interface HeartbeatView {
  kind: 'offboarding.heartbeat';
  beat: Heartbeat;
  thresholdMinutes: number;
  recoveredAt?: string;
}

export type { Episode };

/** A case's failure episode: retrying, needing a person, given up, or recovered (`recoveredAt`). */
export interface EpisodeView {
  kind: 'offboarding.episode';
  case: OffboardingCase;
  episode: Episode;
  recoveredAt?: string;
}

/** The returner card: the account is enabled again in Entra, restore NetBird access? */
export interface ReturnerView {
  kind: 'offboarding.returner';
  case: OffboardingCase;
  banner?: string;
  bannerStyle?: ViewStyle;
}

export type OffboardingView = ApprovalView | BatchView | FailureView | HeartbeatView | EpisodeView | ReturnerView;

export const approvalView = (c: OffboardingCase, options: Omit<ApprovalView, 'kind' | 'case'> = {}): ApprovalView => ({
  kind: 'offboarding.approval',
  case: c,
  ...options,
});

export const returnerView = (c: OffboardingCase, options: Omit<ReturnerView, 'kind' | 'case'> = {}): ReturnerView => ({
  kind: 'offboarding.returner',
  case: c,
  ...options,
});

export const batchView = (batch: Batch): BatchView => ({ kind: 'offboarding.batch', batch });

export function fmtTime(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const who = (c: Pick<OffboardingCase, 'displayName' | 'upn' | 'userId'>): string =>
  c.displayName ?? c.upn ?? c.userId;

/** Undecided, and no returner restore recorded (IT chose to restore: the case is closing). */
export function isDecidable(c: OffboardingCase): boolean {
  return DECIDABLE.includes(c.state) && !c.decision && !c.returner?.restore;
}
