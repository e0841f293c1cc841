/**
 * NetBird user ids under the embedded identity provider (Dex).
 *
 * With the embedded IdP a NetBird user id is Dex's ID-token subject: the protobuf message
 * `IDTokenSubject { string user_id = 1; string conn_id = 2; }` (dex server/internal/types.proto),
 * base64-encoded without padding. For an Entra connector NetBird sets Dex's `userIDKey` to `oid`
 * (netbird idp/dex/connector.go), so `user_id` is the Entra object id and `conn_id` the connector id
 * (e.g. `entra-d2v5k4p1l1bs73c0g1a0`).
 *
 * Two base64 alphabets occur in the wild, which is why decoding accepts both:
 * - Dex encodes the subject of every token it issues with `base64.RawURLEncoding`
 *   (dex server/internal/codec.go): users created by an SSO login get `-`/`_` ids.
 * - NetBird's own `EncodeDexUserID`, used when it creates local users and when it migrates users
 *   from a legacy IdP, uses `base64.RawStdEncoding` (netbird idp/dex/provider.go): `+`/`/` ids.
 * The two differ only where the encoding contains those characters, so one person's id has one
 * spelling per alphabet; matching decodes and compares the fields instead of comparing strings.
 */
import { ValidationError } from '../errors.js';

export interface DexSubject {
  /** Dex `user_id`: for an Entra connector, the Entra object id (`oid`). */
  userId: string;
  /** Dex `conn_id`: the connector id configured in NetBird's embedded IdP. */
  connectorId: string;
}

/** `url`: RFC 4648 §5 (`-_`), what Dex puts in tokens. `std`: RFC 4648 §4 (`+/`), NetBird's encoder. */
export type Base64Alphabet = 'url' | 'std';

const TAG_USER_ID = 0x0a; // field 1, wire type 2 (length-delimited)
const TAG_CONNECTOR_ID = 0x12; // field 2, wire type 2
const WIRE_TYPE_LEN = 2;
const BASE64_ANY = /^[A-Za-z0-9+/_-]+={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes like Dex's `internal.Marshal(&IDTokenSubject{...})` (alphabet `url`) or NetBird's `EncodeDexUserID` (`std`). */
export function encodeDexUserId(subject: DexSubject, alphabet: Base64Alphabet = 'url'): string {
  if (!subject.userId || !subject.connectorId) {
    throw new ValidationError('A Dex user id needs a non-empty user id and connector id');
  }
  const bytes = Buffer.concat([
    stringField(TAG_USER_ID, subject.userId),
    stringField(TAG_CONNECTOR_ID, subject.connectorId),
  ]);
  return bytes.toString(alphabet === 'url' ? 'base64url' : 'base64').replace(/=+$/, '');
}

/**
 * Decodes a Dex subject from either alphabet, padded or not. Returns undefined for anything that is
 * not exactly such a message (a legacy Entra oid, an Auth0 id, garbage), never throws.
 */
export function decodeDexUserId(id: string): DexSubject | undefined {
  const known = decoded.get(id);
  if (known !== undefined) return known ?? undefined;
  const subject = decode(id);
  if (decoded.size >= DECODED_MAX) decoded.clear();
  decoded.set(id, subject ? Object.freeze(subject) : null);
  return subject;
}

/**
 * Decoded ids, by id (null: not a Dex subject). Why: matching one Entra user scans the whole NetBird
 * user list (user-match.ts), so a burst of 1,000 leavers against 10,000 NetBird users decoded ten
 * million ids: 9 s of one CPU in the burst bench's profile. Ids never change; the bound only keeps
 * memory flat (at most 50,000 entries), and a full cache simply starts again.
 */
const decoded = new Map<string, Readonly<DexSubject> | null>();
const DECODED_MAX = 50_000;

function decode(id: string): DexSubject | undefined {
  if (!BASE64_ANY.test(id)) return undefined;
  const unpadded = id.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  const bytes = Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

  const fields = new Map<number, string>();
  let offset = 0;
  while (offset < bytes.length) {
    const tag = readVarint(bytes, offset);
    if (!tag) return undefined;
    offset = tag.next;
    if ((tag.value & 0x07) !== WIRE_TYPE_LEN) return undefined;
    const length = readVarint(bytes, offset);
    if (!length || length.next + length.value > bytes.length) return undefined;
    const raw = bytes.subarray(length.next, length.next + length.value);
    offset = length.next + length.value;
    try {
      fields.set(tag.value >>> 3, utf8.decode(raw));
    } catch {
      return undefined;
    }
  }
  const userId = fields.get(1);
  const connectorId = fields.get(2);
  return userId && connectorId ? { userId, connectorId } : undefined;
}

/** True when `netbirdUserId` is the embedded-IdP id of Entra user `oid` (via `connectorId`, when given). Case-sensitive. */
export function isEmbeddedIdOf(netbirdUserId: string, oid: string, connectorId?: string): boolean {
  const subject = decodeDexUserId(netbirdUserId);
  if (!subject || subject.userId !== oid) return false;
  return connectorId === undefined || subject.connectorId === connectorId;
}

function stringField(tag: number, value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([Uint8Array.of(tag), encodeVarint(bytes.length), bytes]);
}

/** Protobuf base-128 varint (https://protobuf.dev/programming-guides/encoding/#varints). */
function encodeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  out.push(rest);
  return Uint8Array.from(out);
}

function readVarint(bytes: Uint8Array, start: number): { value: number; next: number } | undefined {
  let value = 0;
  // Lengths and tags here are small; four bytes (28 bits) is far more than any id needs.
  for (let i = 0; i < 4 && start + i < bytes.length; i++) {
    const byte = bytes[start + i]!;
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return { value, next: start + i + 1 };
  }
  return undefined;
}
