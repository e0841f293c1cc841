/** Text pieces both wave cards use: status colours and icons, times, "A, B and N more". */
import type { NameList } from '../../shared/waves/snapshot.js';
import { STATUS_ICON } from '../../shared/waves/verdict.js';
import type { Status } from '../../shared/waves/types.js';
import type { CardColor } from '../bot/message.js';

export const STATUS_COLOR: Record<Status, CardColor> = { green: 'Good', amber: 'Warning', red: 'Attention' };
export const STATUS_STYLE: Record<Status, 'good' | 'warning' | 'attention'> = {
  green: 'good',
  amber: 'warning',
  red: 'attention',
};

export function statusText(status: Status): string {
  return `${STATUS_ICON[status]} ${status}`;
}

/** "2026-11-20 08:00 UTC" */
export function utcTime(iso: string): string {
  const d = new Date(iso);
  return Number.isFinite(d.getTime()) ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : iso;
}

/** "Peers: A, B, C and 12 more", or '' for an empty list. */
export function namesLine(label: string, list: NameList): string {
  if (list.total === 0) return '';
  const more = list.total - list.shown.length;
  return `${label}: ${list.shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

export function figure(value: number | undefined, unit: 'share' | 'count' | undefined): string {
  if (value === undefined) return '–';
  return unit === 'share' ? `${Math.round(value * 100)}%` : String(value);
}
