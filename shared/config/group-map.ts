/**
 * GROUP_MAP and GROUP_SYNC (group drift, shared/drift/*): which NetBird groups membership of an
 * Entra group should give, and whether the drift timer only reports the differences or applies them.
 *
 * GROUP_MAP is a JSON object: Entra group object id → one NetBird group name, or several.
 *   {"6f1c…-…": "Engineering", "0b7e…-…": ["Sales", "CRM users"]}
 * Only the NetBird groups named here are ever judged or changed; every other group is left alone.
 */
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const netbirdName = z.string().trim().min(1, { error: 'NetBird group names must not be empty' });

export const groupMapSchema = z
  .record(
    z.string(),
    z.union([netbirdName, z.array(netbirdName).min(1, { error: 'a list of NetBird groups must not be empty' })], {
      error: 'values must be a NetBird group name or a list of names',
    }),
  )
  // Checked here rather than as the record's key schema, whose message would not say what is wrong.
  .superRefine((map, ctx) => {
    const bad = Object.keys(map).filter((k) => !GUID.test(k));
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `keys must be Entra group object ids (GUIDs), and ${bad.length} of them is not`,
      });
  })
  // Entra ids compare case-insensitively; one list per Entra group, without repeats.
  .transform((map) => {
    const out: Record<string, string[]> = {};
    for (const [entraId, value] of Object.entries(map)) {
      const key = entraId.toLowerCase();
      out[key] = [...new Set([...(out[key] ?? []), ...(Array.isArray(value) ? value : [value])])];
    }
    return out;
  });
/** Entra group id (lower case) → NetBird group names. */
export type GroupMap = z.output<typeof groupMapSchema>;

export const GROUP_SYNC_MODES = ['report', 'apply'] as const;
export type GroupSyncMode = (typeof GROUP_SYNC_MODES)[number];

/** Every NetBird group name the map mentions: the only groups drift judges. */
export function mappedNetbirdGroups(map: GroupMap): string[] {
  return [...new Set(Object.values(map).flat())].sort();
}
