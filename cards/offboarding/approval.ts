/**
 * The approval card (Adaptive Card 1.5, `Action.Execute`): the leaver, what containment did, and per
 * device a choice between "remove from the network" and "keep (reassigned)". The same template
 * shows the outcome once decided (`open: false`), and is what the card is updated to in place.
 */
import type { ViewStyle } from '../../shared/offboarding/views.js';
import { renderCard } from '../render.js';
import type { AdaptiveCard } from '../types.js';
import template from './approval.json' with { type: 'json' };

export const APPROVAL_VERBS = {
  decide: 'offboarding.decide',
  refresh: 'offboarding.refresh',
  confirmUnblock: 'offboarding.confirm-unblock',
} as const;
/** Devices beyond this are not offered a choice on the card (the core's limit: decisions honour it too). */
export { MAX_CARD_DEVICES } from '../../shared/offboarding/views.js';

export type ContainerStyle = ViewStyle;

export interface ApprovalCardDevice {
  name: string;
  /** "SSO peer" / "machine peer (setup key)". */
  kind: string;
  /** Last seen, OS, how it was matched, what quarantine did. */
  detail: string;
  /** Machine peers: every piece of evidence tying it to the user, strongest first ('' for none). */
  evidence: string;
  /** Needs the approver's eye: "also used by …", or two peers with one hostname ('' for none). */
  flag: string;
  /** Input id: `device_<index>` of the device in the case. */
  choiceId: string;
  choice: 'remove' | 'keep';
  /** What happened to it ('' while undecided). */
  result: string;
}

export interface ApprovalCardData {
  caseId: string;
  title: string;
  subtitle: string;
  banner: string;
  bannerStyle: ContainerStyle;
  facts: { title: string; value: string }[];
  warnings: string[];
  devices: ApprovalCardDevice[];
  more: string;
  /** Decisions can be made: show the choices and the Approve / Reject buttons. */
  open: boolean;
  outcome: string;
  outcomeStyle: ContainerStyle;
  /** Rejected as a false alarm and waiting for IT: show the unblock button. */
  canUnblock: boolean;
  /** Teams shows approvers their own up-to-date view (`refresh.userIds`, at most 60). */
  refreshUserIds: string[];
}

export function renderApprovalCard(data: ApprovalCardData): AdaptiveCard {
  const card = renderCard(template, data);
  const userIds = data.refreshUserIds.slice(0, 60);
  if (data.open && userIds.length > 0) {
    card.refresh = {
      action: { type: 'Action.Execute', verb: APPROVAL_VERBS.refresh, data: { caseId: data.caseId } },
      userIds,
    };
  }
  return card;
}
