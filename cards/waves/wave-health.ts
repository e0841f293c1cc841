/**
 * The wave-health card (DESIGN.md §4): the go/no-go for the next wave, the members, every check
 * with its status and, for the ones that are not green, the peers and users behind it (first few,
 * then "and N more") so IT can act without another lookup, and the change since the previous run.
 * Built from snapshots, so the timer, an in-place update and the `wave` command draw the same card.
 */
import { CONNECTED_MEANS } from '../../shared/domain/dc-access/index.js';
import type { WaveChange } from '../../shared/waves/changes.js';
import type { NameList, WaveSnapshot } from '../../shared/waves/snapshot.js';
import { DECISION_TEXT, STATUS_ICON } from '../../shared/waves/verdict.js';
import { lines, type CardColor, type CardMessage, type Fact, type Line } from '../bot/message.js';
import { CardError, renderCard } from '../render.js';
import { figure, namesLine, STATUS_COLOR, STATUS_STYLE, statusText, utcTime } from './text.js';
import template from './wave-health.json' with { type: 'json' };

export interface WaveHealthCheckRow {
  icon: string;
  title: string;
  summary: string;
  /** "Peers: A, B and 3 more" or ''. */
  peers: string;
  users: string;
  details: Line[];
}

export interface WaveHealthCardData {
  title: string;
  headline: string;
  color: CardColor;
  style: 'good' | 'warning' | 'attention';
  facts: Fact[];
  notes: Line[];
  error: string;
  changeTitle: string;
  changes: Line[];
  checks: WaveHealthCheckRow[];
  note: string;
  fallback: string;
}

function headline(s: WaveSnapshot): string {
  const decision = DECISION_TEXT[s.decision];
  if (!s.nextWave) return `${decision}: this is the last configured wave`;
  const planned = s.nextWave.plannedStart ? `, planned ${s.nextWave.plannedStart}` : '';
  return `${decision} for the next wave (${s.nextWave.name}${planned})`;
}

function facts(s: WaveSnapshot): Fact[] {
  const out: Fact[] = [
    { title: 'Status', value: statusText(s.status) },
    { title: 'Members', value: `${s.users} users, ${s.peers} peers (${s.source})` },
  ];
  if (s.plannedStart) out.push({ title: 'Planned start', value: s.plannedStart });
  out.push({ title: 'Checked', value: utcTime(s.takenAt) });
  const without = namesLine(`${s.usersWithoutPeers.total}`, s.usersWithoutPeers);
  if (without) out.push({ title: 'Users without a peer', value: without });
  return out;
}

function changeLines(s: WaveSnapshot, change: WaveChange | undefined): { title: string; lines: Line[] } {
  if (!change) return { title: 'First check of this wave: no earlier snapshot to compare with', lines: [] };
  const out: string[] = [];
  if (change.status) out.push(`Wave: ${statusText(change.status.from)} → ${statusText(change.status.to)}`);
  for (const c of change.checks) {
    const status = c.from && c.from !== c.to ? `${STATUS_ICON[c.from]} → ${STATUS_ICON[c.to]}` : STATUS_ICON[c.to];
    const values =
      c.valueTo !== undefined || c.valueFrom !== undefined
        ? ` ${figure(c.valueFrom, c.unit)} → ${figure(c.valueTo, c.unit)}`
        : '';
    out.push(`${c.title}: ${status}${values}`);
  }
  const since = utcTime(change.since);
  return out.length ? { title: `Since ${since}`, lines: lines(out) } : { title: `No change since ${since}`, lines: [] };
}

/** At most `max` of a kept list, the rest counted in "and N more". */
function fewer(list: NameList, max: number): NameList {
  return { shown: list.shown.slice(0, max), total: list.total };
}

function row(c: WaveSnapshot['checks'][number], max: number): WaveHealthCheckRow {
  const failing = c.status !== 'green';
  const details = fewer(c.details, max);
  return {
    icon: STATUS_ICON[c.status],
    title: c.title,
    summary: c.summary,
    peers: failing ? namesLine('Peers', fewer(c.peers, max)) : '',
    users: failing ? namesLine('Users', fewer(c.users, max)) : '',
    details: failing
      ? lines([
          ...details.shown,
          ...(details.total > details.shown.length ? [`and ${details.total - details.shown.length} more`] : []),
        ])
      : [],
  };
}

function fallback(s: WaveSnapshot): string {
  const failing = s.checks
    .filter((c) => c.status !== 'green')
    .map((c) => `${STATUS_ICON[c.status]} ${c.title}: ${c.summary}`);
  return [`Wave ${s.wave}: ${statusText(s.status)}. ${headline(s)}.`, ...(s.error ? [s.error] : []), ...failing].join(
    '\n',
  );
}

/** Names per list on the card: all the snapshot keeps, unless the card would outgrow Teams' limit. */
const NAMES_PER_LIST = [5, 3, 1, 0];

export function waveHealthData(
  s: WaveSnapshot,
  change: WaveChange | undefined,
  namesPerList = NAMES_PER_LIST[0]!,
): WaveHealthCardData {
  const changes = changeLines(s, change);
  return {
    title: `Wave health: ${s.wave}`,
    headline: headline(s),
    color: STATUS_COLOR[s.status],
    style: STATUS_STYLE[s.status],
    facts: facts(s),
    notes: lines(s.notes),
    error: s.error ? `Could not evaluate this wave: ${s.error}` : '',
    changeTitle: changes.title,
    changes: changes.lines,
    checks: s.checks.map((c) => row(c, namesPerList)),
    note: CONNECTED_MEANS,
    fallback: fallback(s),
  };
}

/**
 * The card, with five names per list, or fewer when very long names would take it over 28 KB
 * (renderCard refuses that): a card with fewer names beats no card.
 */
export function waveHealthCard(snapshot: WaveSnapshot, change?: WaveChange): CardMessage {
  for (const [i, max] of NAMES_PER_LIST.entries()) {
    const data = waveHealthData(snapshot, change, max);
    try {
      return { card: renderCard(template, data), text: data.fallback };
    } catch (err) {
      if (!(err instanceof CardError) || i === NAMES_PER_LIST.length - 1) throw err;
    }
  }
  throw new CardError('unreachable');
}
