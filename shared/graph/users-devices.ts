/**
 * The registered and owned devices of many users at once, for wave health (DESIGN.md §4): one
 * `$batch` item per user and relation, 20 items a request, so 1,000 users cost 100 requests instead
 * of 2,000 GETs. A throttled item is resent after its own Retry-After (batch.ts: the SDK only sees
 * the batch's outer 200). A relation with more than one page (over 100 devices) is followed with
 * ordinary paged GETs from its nextLink.
 *
 * A user that no longer exists (404 on a relation) maps to `undefined`; any other failed item
 * (403, 5xx, a 429 that outlasted its retries) throws a GraphError, as `getUserDevices` would.
 * https://learn.microsoft.com/graph/json-batching
 */
import { z } from 'zod';
import { batchGet, type BatchAnswer, type BatchOptions } from './batch.js';
import { GraphError } from './errors.js';
import { collectPages } from './paging.js';
import { DEVICE_FIELDS, deviceSchema, type DeviceRelation, type GraphDevice } from './schemas.js';
import type { GraphTransport } from './transport.js';
import { validate } from './transport.js';
import { graphPath, queryString } from './url.js';
import { mergeDevices } from './users.js';

const pageSchema = z.object({ value: z.array(deviceSchema), '@odata.nextLink': z.string().optional() });
const RELATIONS: readonly [DeviceRelation, (id: string) => string][] = [
  ['registered', (id) => graphPath`/users/${id}/registeredDevices/microsoft.graph.device`],
  ['owned', (id) => graphPath`/users/${id}/ownedDevices/microsoft.graph.device`],
];

function failed(answer: BatchAnswer, path: string): GraphError {
  const code = z.object({ error: z.object({ code: z.string() }) }).safeParse(answer.body);
  return new GraphError({
    method: 'GET',
    path,
    upstreamStatus: answer.status,
    graphCode: code.success ? code.data.error.code : answer.status === 0 ? 'batchItemMissing' : undefined,
    retryAfterSeconds: answer.retryAfterSeconds,
  });
}

async function itemsOf(t: GraphTransport, answer: BatchAnswer, path: string): Promise<z.output<typeof deviceSchema>[]> {
  if (answer.status < 200 || answer.status >= 300) throw failed(answer, path);
  const page = validate('GET', path, answer.status, pageSchema, answer.body);
  const next = page['@odata.nextLink'];
  if (!next) return page.value;
  // The transport refuses a link outside our base URL (the token goes with it).
  return [...page.value, ...(await collectPages(t, { path: next }, deviceSchema))];
}

/** Devices per user id as given (`undefined`: no such user). */
export async function usersDevices(
  t: GraphTransport,
  userIds: readonly string[],
  opts: BatchOptions = {},
): Promise<Map<string, GraphDevice[] | undefined>> {
  const unique = [...new Set(userIds)];
  const items = unique.flatMap((id, i) =>
    RELATIONS.map(([relation, path]) => ({
      id: `${i}-${relation}`,
      url: path(id) + queryString({ select: DEVICE_FIELDS }),
    })),
  );
  const answers = await batchGet(t, items, opts);
  const out = new Map<string, GraphDevice[] | undefined>();
  await Promise.all(
    unique.map(async (id, i) => {
      const got = RELATIONS.map(([relation]) => ({
        relation,
        answer: answers.get(`${i}-${relation}`) ?? { status: 0, body: undefined },
      }));
      if (got.some((g) => g.answer.status === 404)) {
        out.set(id, undefined);
        return;
      }
      const lists = await Promise.all(
        got.map(async ({ relation, answer }) =>
          (await itemsOf(t, answer, `/users/{id}/${relation}Devices`)).map((device) => ({ device, relation })),
        ),
      );
      out.set(id, mergeDevices(lists.flat()));
    }),
  );
  return out;
}
