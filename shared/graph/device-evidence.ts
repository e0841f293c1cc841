/**
 * The Graph reads behind device attribution (DESIGN.md §5b), batched: one `$batch` per leaver for
 * the user's Intune managed devices, recent interactive sign-ins and Entra registered and owned
 * devices; one per run for the Intune primary users of the candidate laptops and for the accounts
 * of the other people a laptop points at.
 *
 * A 403 (a permission the app was not granted, or a tenant without Entra ID P1 for sign-in logs) is
 * returned as a `denied` read, not thrown: that source is missing, the rest still count. A 404 of
 * the user's own relations is a deleted account. Anything else (5xx, a 429 the batch retry could
 * not outwait) is thrown, so the step is retried as every other Graph failure is.
 * https://learn.microsoft.com/graph/api/intune-devices-manageddevice-list
 * https://learn.microsoft.com/graph/api/signin-list (only $top, $filter and $skiptoken: no $select)
 */
import { z } from 'zod';
import { batchGet, type BatchAnswer, type BatchOptions } from './batch.js';
import { GraphError } from './errors.js';
import { and, eq, ge } from './odata.js';
import { DEVICE_FIELDS, deviceSchema, type GraphDevice } from './schemas.js';
import type { GraphTransport } from './transport.js';
import { validate } from './transport.js';
import { graphPath, queryString } from './url.js';

const str = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

export const MANAGED_DEVICE_FIELDS = [
  'id',
  'deviceName',
  'userId',
  'userPrincipalName',
  'azureADDeviceId',
  'lastSyncDateTime',
  'operatingSystem',
] as const;
export const managedDeviceSchema = z.object({
  id: z.string(),
  deviceName: str,
  /** The primary user's object id; empty for devices enrolled with device credentials. */
  userId: str,
  userPrincipalName: str,
  /** The Entra device's `deviceId` (not its object id). */
  azureADDeviceId: str,
  lastSyncDateTime: str,
  operatingSystem: str,
});
export type ManagedDevice = z.output<typeof managedDeviceSchema>;

export const signInSchema = z.object({
  id: z.string(),
  createdDateTime: z.string(),
  userId: str,
  deviceDetail: z.object({ deviceId: str, displayName: str, operatingSystem: str, trustType: str }).nullish(),
});
export type SignIn = z.output<typeof signInSchema>;

export const ACCOUNT_FIELDS = ['id', 'displayName', 'userPrincipalName', 'accountEnabled'] as const;
export const accountSchema = z.object({
  id: z.string(),
  displayName: str,
  userPrincipalName: str,
  accountEnabled: z
    .boolean()
    .nullish()
    .transform((v) => v ?? undefined),
});
export type Account = z.output<typeof accountSchema>;

/** One source's answer: its items, or why it could not be read. */
export type SourceRead<T> = { ok: true; items: T[]; more?: boolean } | { ok: false; status: number; code?: string };

export interface UserDeviceEvidence {
  managed: SourceRead<ManagedDevice>;
  signIns: SourceRead<SignIn>;
  entra: SourceRead<GraphDevice>;
}

/** Sign-ins read per leaver: the most recent first, which is what Graph returns. */
const SIGN_IN_TOP = 500;

export async function userDeviceEvidence(
  t: GraphTransport,
  userId: string,
  opts: { since: Date; signIns: boolean } & BatchOptions,
): Promise<UserDeviceEvidence> {
  const items = [
    { id: 'managed', url: graphPath`/users/${userId}/managedDevices` + queryString({ select: MANAGED_DEVICE_FIELDS }) },
    {
      id: 'registered',
      url:
        graphPath`/users/${userId}/registeredDevices/microsoft.graph.device` + queryString({ select: DEVICE_FIELDS }),
    },
    {
      id: 'owned',
      url: graphPath`/users/${userId}/ownedDevices/microsoft.graph.device` + queryString({ select: DEVICE_FIELDS }),
    },
    ...(opts.signIns
      ? [
          {
            id: 'signIns',
            url:
              '/auditLogs/signIns' +
              queryString({ filter: and(eq('userId', userId), ge('createdDateTime', opts.since)), top: SIGN_IN_TOP }),
          },
        ]
      : []),
  ];
  const answers = await batchGet(t, items, opts);
  const get = (id: string) => answers.get(id) ?? { status: 0, body: undefined };
  const registered = read(get('registered'), '/users/{id}/registeredDevices', deviceSchema);
  const owned = read(get('owned'), '/users/{id}/ownedDevices', deviceSchema);
  return {
    managed: read(get('managed'), '/users/{id}/managedDevices', managedDeviceSchema),
    signIns: opts.signIns
      ? read(get('signIns'), '/auditLogs/signIns', signInSchema)
      : { ok: false, status: 0, code: 'off' },
    entra: mergeEntra(registered, owned),
  };
}

/** The Intune devices with each name (tenant-wide, `deviceName eq`), by lower-cased name. */
export async function managedDevicesNamed(
  t: GraphTransport,
  names: readonly string[],
  opts: BatchOptions = {},
): Promise<Map<string, SourceRead<ManagedDevice>>> {
  const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  const answers = await batchGet(
    t,
    unique.map((name, i) => ({
      id: String(i),
      url:
        '/deviceManagement/managedDevices' +
        queryString({ filter: eq('deviceName', name), select: MANAGED_DEVICE_FIELDS }),
    })),
    opts,
  );
  return new Map(
    unique.map((name, i) => [
      name.toLowerCase(),
      read(
        answers.get(String(i)) ?? { status: 0, body: undefined },
        '/deviceManagement/managedDevices',
        managedDeviceSchema,
      ),
    ]),
  );
}

/** The accounts with these ids (undefined: no such user), by lower-cased id. */
export async function accountsByIds(
  t: GraphTransport,
  ids: readonly string[],
  opts: BatchOptions = {},
): Promise<Map<string, Account | undefined>> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const answers = await batchGet(
    t,
    unique.map((id, i) => ({ id: String(i), url: graphPath`/users/${id}` + queryString({ select: ACCOUNT_FIELDS }) })),
    opts,
  );
  const out = new Map<string, Account | undefined>();
  unique.forEach((id, i) => {
    const answer = answers.get(String(i)) ?? { status: 0, body: undefined };
    if (answer.status === 404) out.set(id, undefined);
    else out.set(id, validate('GET', '/users/{id}', answer.status, accountSchema, ok(answer, '/users/{id}')));
  });
  return out;
}

function read<S extends z.ZodType>(answer: BatchAnswer, path: string, item: S): SourceRead<z.output<S>> {
  if (answer.status === 403 || answer.status === 404) return { ok: false, status: answer.status, ...codeOf(answer) };
  const page = validate(
    'GET',
    path,
    answer.status,
    z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() }),
    ok(answer, path),
  );
  return { ok: true, items: page.value, ...(page['@odata.nextLink'] ? { more: true } : {}) };
}

function ok(answer: BatchAnswer, path: string): unknown {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const { code } = codeOf(answer);
  throw new GraphError({
    method: 'GET',
    path,
    upstreamStatus: answer.status,
    graphCode: code ?? (answer.status === 0 ? 'batchItemMissing' : undefined),
    retryAfterSeconds: answer.retryAfterSeconds,
  });
}

function codeOf(answer: BatchAnswer): { code?: string } {
  const code = z.object({ error: z.object({ code: z.string() }) }).safeParse(answer.body);
  return code.success ? { code: code.data.error.code } : {};
}

function mergeEntra(
  registered: SourceRead<z.output<typeof deviceSchema>>,
  owned: SourceRead<z.output<typeof deviceSchema>>,
): SourceRead<GraphDevice> {
  if (!registered.ok && !owned.ok) return registered;
  const byId = new Map<string, GraphDevice>();
  for (const [relation, list] of [
    ['registered', registered],
    ['owned', owned],
  ] as const) {
    if (!list.ok) continue;
    for (const d of list.items) {
      const known = byId.get(d.id);
      if (known) {
        if (!known.relations.includes(relation)) known.relations.push(relation);
        continue;
      }
      byId.set(d.id, { ...d, relations: [relation] });
    }
  }
  return { ok: true, items: [...byId.values()] };
}
