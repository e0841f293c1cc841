/** The blast-radius confirmation card for the IT channel: who is held, and confirm or dismiss. */
import { renderCard } from '../render.js';
import type { AdaptiveCard } from '../types.js';
import template from './batch.json' with { type: 'json' };

export const BATCH_VERBS = { confirm: 'offboarding.confirm-batch', dismiss: 'offboarding.dismiss-batch' } as const;
export const MAX_BATCH_USERS_SHOWN = 30;

export interface BatchCardData {
  batchId: string;
  title: string;
  summary: string;
  style: 'attention' | 'good' | 'default';
  users: { name: string; upn: string }[];
  more: string;
  open: boolean;
  outcome: string;
}

export function renderBatchCard(data: BatchCardData): AdaptiveCard {
  return renderCard(template, data);
}
