/**
 * What a joiner card shows, as plain data (`kind: 'joiner-approval'`): built here from the stored
 * row, rendered to Adaptive Card JSON in cards/joiners/. The copy sent to the manager, the IT
 * copy, the reminder, the escalation and every in-place update come from this one function, so
 * they always agree.
 */
import { noticeView, type NoticeView } from '../teams/sender.js';
import { approveBlockedReason, isOpen, whoJoins, type PendingJoiner } from './model.js';

export type ViewStyle = 'default' | 'good' | 'attention' | 'warning';

export interface JoinerCardView {
  kind: 'joiner-approval';
  joinerId: string;
  title: string;
  subtitle: string;
  banner: string;
  bannerStyle: ViewStyle;
  facts: { title: string; value: string }[];
  /** Why IT must look (disabled or missing Entra account); '' when nothing is wrong. */
  flag: string;
  canApprove: boolean;
  canReject: boolean;
  outcome: string;
  outcomeStyle: ViewStyle;
  /** Teams user MRIs who get their own decision view (`refresh.userIds`). */
  refreshUserIds: string[];
  /** Fallback text: notifications, screen readers. */
  text: string;
}

/** The card, or a short notice to the person who clicked (invalid data, another tenant). */
export type JoinerAnswer = JoinerCardView | NoticeView;

export { noticeView };

export interface ViewOptions {
  banner?: string;
  bannerStyle?: ViewStyle;
  /** No buttons: for the joiner and anyone who is neither the manager nor an IT approver. */
  readOnly?: boolean;
}

export function fmtTime(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Teams user MRI of an Entra user, the form `refresh.userIds` takes (DESIGN.md §5b). */
export const teamsUserMri = (aadObjectId: string): string => `8:orgid:${aadObjectId.toLowerCase()}`;

const byName = (p: { name?: string | undefined; aadObjectId: string }): string => p.name ?? p.aadObjectId;
const MAX_GROUPS_SHOWN = 30;

function list(values: readonly string[], none: string): string {
  if (values.length === 0) return none;
  const shown = values.slice(0, MAX_GROUPS_SHOWN).join(', ');
  return values.length > MAX_GROUPS_SHOWN ? `${shown} and ${values.length - MAX_GROUPS_SHOWN} more` : shown;
}

export function joinerView(j: PendingJoiner, options: ViewOptions = {}): JoinerCardView {
  const e = j.entra;
  const blocked = approveBlockedReason(j);
  const open = isOpen(j) && !j.decision && !options.readOnly;
  const facts = [
    { title: 'Name', value: e?.displayName || j.name || 'unknown' },
    { title: 'Email', value: j.email || e?.upn || 'unknown' },
    { title: 'Department', value: e?.department || 'not set' },
    { title: 'Job title', value: e?.jobTitle || 'not set' },
    { title: 'Manager', value: j.manager ? j.manager.name : 'no manager in Entra: IT approvers decide' },
    { title: 'Hire date', value: e?.hireDate ? e.hireDate.slice(0, 10) : 'not set' },
    { title: 'Entra account', value: !e ? 'not found' : e.accountEnabled ? 'enabled' : 'disabled' },
    { title: 'Entra groups', value: e ? list(e.groups, 'none') : 'unknown' },
    { title: 'NetBird would give', value: `auto groups: ${list(j.autoGroups, 'none')}` },
    { title: 'Waiting since', value: fmtTime(j.detectedAt) },
  ];
  const title = `NetBird access request: ${whoJoins(j)}`;
  const { outcome, outcomeStyle } = outcomeOf(j);
  return {
    kind: 'joiner-approval',
    joinerId: j.id,
    title,
    subtitle: [j.email, e?.matchedBy ? `matched to Entra by ${e.matchedBy}` : undefined].filter(Boolean).join(' · '),
    banner: options.banner ?? defaultBanner(j),
    bannerStyle: options.bannerStyle ?? (j.state === 'escalated' ? 'attention' : 'warning'),
    facts,
    flag:
      blocked && isOpen(j) ? `Not offered for approval: ${blocked}. IT: check who this is before anything else.` : '',
    canApprove: open && !blocked,
    canReject: open,
    outcome,
    outcomeStyle,
    refreshUserIds: j.manager ? [teamsUserMri(j.manager.id)] : [],
    text: `${title}: ${outcome || 'waiting for approval'}`,
  };
}

function defaultBanner(j: PendingJoiner): string {
  if (j.lastFailure && isOpen(j))
    return `The last decision could not be carried out (${j.lastFailure.message}): decide again.`;
  if (j.state === 'escalated') return `Escalated to IT: no decision since ${fmtTime(j.approvalSentAt)}`;
  return '';
}

function outcomeOf(j: PendingJoiner): { outcome: string; outcomeStyle: ViewStyle } {
  const d = j.decision;
  switch (j.state) {
    case 'approved':
      return {
        outcome: `Approved by ${d ? `${byName(d.by)} (${d.as}) at ${fmtTime(d.at)}` : 'an approver'}: NetBird access granted.`,
        outcomeStyle: 'good',
      };
    case 'rejected':
      return {
        outcome: `Rejected by ${d ? `${byName(d.by)} (${d.as}) at ${fmtTime(d.at)}` : 'an approver'}: removed from NetBird.`,
        outcomeStyle: 'default',
      };
    case 'decided-elsewhere':
      return {
        outcome: `Closed ${fmtTime(j.closedAt)}: ${j.closedNote ?? 'decided in the NetBird dashboard'}.`,
        outcomeStyle: 'default',
      };
    default:
      // Only in a dry run does an open row keep a decision for long (decide.ts).
      return d
        ? {
            outcome: `${d.outcome === 'approve' ? 'Approved' : 'Rejected'} by ${byName(d.by)} (${d.as}) at ${fmtTime(d.at)}. Dry run: NetBird was not changed; do it in the NetBird dashboard.`,
            outcomeStyle: 'warning',
          }
        : { outcome: '', outcomeStyle: 'default' };
  }
}
