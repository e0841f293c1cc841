/**
 * `GET /auditLogs/directoryAudits`: `$filter` (audit-filter.ts), `$orderby` on activityDateTime
 * only, `$top`, and paging. Newest first unless asked otherwise.
 * https://learn.microsoft.com/graph/api/directoryaudit-list
 */
import { auditFilter } from './audit-filter.js';
import { pageBody, type GraphOperation } from './call.js';
import { parseQuery } from './query.js';
import { badRequest, json } from './respond.js';

export const listDirectoryAudits: GraphOperation = (call) => {
  const q = parseQuery(call.params, ['$filter', '$orderby', '$top', '$skiptoken']);
  const path = 'auditLogs/directoryAudits';
  if (q.skiptoken) return json(pageBody(call.rt, path, path, call.rt.pager.next(q.skiptoken)));
  const order = (q.orderby ?? 'activityDateTime desc').trim().toLowerCase();
  if (order !== 'activitydatetime desc' && order !== 'activitydatetime asc' && order !== 'activitydatetime')
    throw badRequest(`$orderby '${q.orderby}' is not supported.`);
  const keep = q.filter === undefined ? () => true : auditFilter(q.filter);
  const events = call.rt.state.audits.filter(keep);
  if (order.endsWith('desc')) events.reverse();
  return json(
    pageBody(call.rt, path, path, call.rt.pager.first(events, Math.min(q.top ?? call.rt.pageSize, call.rt.pageSize))),
  );
};
