/** What every simulated Graph operation gets: the tenant, the request, and the paging helpers. */
import type { Logger } from '../../../shared/logger.js';
import type { Pager, Page } from './query.js';
import type { GraphReply } from './respond.js';
import type { GraphState } from './state.js';

export interface DeltaTokenState {
  /** The change-log position the round ended at. */
  seq: number;
  select: string[] | undefined;
  issuedAt: number;
}

export interface GraphRuntime {
  state: GraphState;
  /** `https://127.0.0.1:<port>`: links Graph hands back start with it. */
  baseUrl: string;
  pageSize: number;
  pager: Pager;
  deltaTokens: Map<string, DeltaTokenState>;
  now: () => Date;
  logger: Logger;
}

export interface GraphCall {
  rt: GraphRuntime;
  method: string;
  /** Path segments after `/v1.0`, decoded. */
  segments: string[];
  params: URLSearchParams;
  body: unknown;
}

export type GraphOperation = (call: GraphCall, ids: string[]) => GraphReply | Promise<GraphReply>;

export function odataContext(rt: GraphRuntime, fragment: string): string {
  return `${rt.baseUrl}/v1.0/$metadata#${fragment}`;
}

/** A collection page: `@odata.context`, `value`, and `@odata.nextLink` when more follow. */
export function pageBody(rt: GraphRuntime, fragment: string, path: string, page: Page): Record<string, unknown> {
  return {
    '@odata.context': odataContext(rt, fragment),
    ...(page.next ? { '@odata.nextLink': `${rt.baseUrl}/v1.0/${path}?$skiptoken=${page.next}` } : {}),
    value: page.value,
  };
}
