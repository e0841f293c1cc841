/** `wave` alone: every configured wave with its status and go/no-go, one line each. */
import type { WaveSnapshot } from '../../shared/waves/snapshot.js';
import { DECISION_TEXT, STATUS_ICON } from '../../shared/waves/verdict.js';
import type { CardColor, CardMessage } from '../bot/message.js';
import { renderCard } from '../render.js';
import { STATUS_COLOR, utcTime } from './text.js';
import template from './wave-list.json' with { type: 'json' };

export interface WaveListRow {
  icon: string;
  name: string;
  decision: string;
  color: CardColor;
  detail: string;
  failing: string;
}

export interface WaveListCardData {
  title: string;
  empty: string;
  waves: WaveListRow[];
  hint: string;
  fallback: string;
}

function rowOf(s: WaveSnapshot): WaveListRow {
  const failing = s.checks.filter((c) => c.status !== 'green').map((c) => `${STATUS_ICON[c.status]} ${c.title}`);
  const planned = s.plannedStart ? `, planned ${s.plannedStart}` : '';
  return {
    icon: STATUS_ICON[s.status],
    name: s.wave,
    decision: `${DECISION_TEXT[s.decision]} for the next wave`,
    color: STATUS_COLOR[s.status],
    detail: s.error
      ? `could not evaluate: ${s.error}`
      : `${s.users} users, ${s.peers} peers${planned}; checked ${utcTime(s.takenAt)}`,
    failing: failing.join(' · '),
  };
}

export function waveListData(snapshots: readonly WaveSnapshot[]): WaveListCardData {
  const waves = snapshots.map(rowOf);
  return {
    title: 'Pilot waves',
    empty: waves.length ? '' : 'No waves are configured (WAVES).',
    waves,
    hint: "Type wave and a wave's name for its checks and the peers and users to act on.",
    fallback: waves.length
      ? waves.map((w) => `${w.icon} ${w.name}: ${w.decision}`).join('\n')
      : 'No waves are configured (WAVES).',
  };
}

export function waveListCard(snapshots: readonly WaveSnapshot[]): CardMessage {
  const data = waveListData(snapshots);
  return { card: renderCard(template, data), text: data.fallback };
}
