/**
 * `reports/authenticationMethods/userRegistrationDetails`: the list (paged; disabled and deleted
 * users have no record, as the docs warn) and one user's record by id.
 * https://learn.microsoft.com/graph/api/authenticationmethodsroot-list-userregistrationdetails
 * https://learn.microsoft.com/graph/api/userregistrationdetails-get
 */
import { odataContext, pageBody, type GraphCall, type GraphOperation } from './call.js';
import { parseQuery } from './query.js';
import { json, notFound } from './respond.js';
import type { SimRegistrationDetails } from './state.js';

const PATH = 'reports/authenticationMethods/userRegistrationDetails';

function visible(call: GraphCall): SimRegistrationDetails[] {
  const { state } = call.rt;
  return [...state.registration.values()].filter((r) => state.users.get(r.id)?.accountEnabled === true);
}

export const listRegistrationDetails: GraphOperation = (call) => {
  const q = parseQuery(call.params, ['$top', '$skiptoken']);
  const page = q.skiptoken
    ? call.rt.pager.next(q.skiptoken)
    : call.rt.pager.first(visible(call), Math.min(q.top ?? call.rt.pageSize, call.rt.pageSize));
  return json(pageBody(call.rt, PATH, PATH, page));
};

export const getRegistrationDetails: GraphOperation = (call, [id = '']) => {
  parseQuery(call.params, []);
  const record = call.rt.state.registration.get(id.toLowerCase());
  if (!record || call.rt.state.users.get(record.id)?.accountEnabled !== true) throw notFound(id);
  return json({ '@odata.context': odataContext(call.rt, `${PATH}/$entity`), ...record });
};
