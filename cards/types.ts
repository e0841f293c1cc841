/** The Adaptive Card shape the app sends (schema 1.5 at most: what Teams renders). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: '1.5' | '1.4' | '1.3' | '1.2';
  $schema?: string;
  body: unknown[];
  actions?: unknown[];
  refresh?: { action: unknown; userIds?: string[] };
  msteams?: { width?: 'Full'; entities?: unknown[] };
  fallbackText?: string;
  [key: string]: unknown;
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams refuses messages over about 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;
