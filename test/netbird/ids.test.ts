import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.js';
import { decodeDexUserId, encodeDexUserId, isEmbeddedIdOf } from '../../shared/netbird/ids.js';

describe('Dex user ids (embedded IdP)', () => {
  // Subjects taken from tokens Dex issued (dex examples/example-app/server/subject_test.go).
  it('matches the vectors from Dex tokens (RawURLEncoding)', () => {
    expect(encodeDexUserId({ userId: '0-385-28089-0', connectorId: 'mock' })).toBe('Cg0wLTM4NS0yODA4OS0wEgRtb2Nr');
    expect(encodeDexUserId({ userId: '08a8684b-db88-4b73-90a9-3cd1661f5466', connectorId: 'local' })).toBe(
      'CiQwOGE4Njg0Yi1kYjg4LTRiNzMtOTBhOS0zY2QxNjYxZjU0NjYSBWxvY2Fs',
    );
  });

  // netbird idp/dex/provider_test.go, TestEncodeDexUserID_MatchesDexFormat ("an actual ID from Dex").
  it("matches NetBird's vector (RawStdEncoding) and decodes it", () => {
    const id = 'CiQ3YWFkOGMwNS0zMjg3LTQ3M2YtYjQyYS0zNjU1MDRiZjI1ZTcSBWxvY2Fs';
    expect(encodeDexUserId({ userId: '7aad8c05-3287-473f-b42a-365504bf25e7', connectorId: 'local' }, 'std')).toBe(id);
    expect(decodeDexUserId(id)).toEqual({ userId: '7aad8c05-3287-473f-b42a-365504bf25e7', connectorId: 'local' });
  });

  it('round-trips an Entra oid and connector id', () => {
    const subject = { userId: '4b1f6c2e-8a3d-4e5f-9b7a-2c6d8e0f1a3b', connectorId: 'entra-d2v5k4p1l1bs73c0g1a0' };
    for (const alphabet of ['url', 'std'] as const) {
      const id = encodeDexUserId(subject, alphabet);
      expect(id).not.toContain('=');
      expect(decodeDexUserId(id)).toEqual(subject);
    }
  });

  it('decodes both alphabets, and padding, to the same subject where they differ', () => {
    // '~' and '>' put 0x3e/0x3f six-bit groups in the encoding: '-'/'_' vs '+'/'/'.
    const subject = { userId: 'user~>?~', connectorId: 'conn>>' };
    const url = encodeDexUserId(subject, 'url');
    const std = encodeDexUserId(subject, 'std');
    expect(url).not.toBe(std);
    expect(url).toMatch(/[-_]/);
    expect(std).toMatch(/[+/]/);
    expect(decodeDexUserId(url)).toEqual(subject);
    expect(decodeDexUserId(std)).toEqual(subject);
    expect(decodeDexUserId(Buffer.from(decodeBytes(std)).toString('base64'))).toEqual(subject);
  });

  it('uses a multi-byte varint length for long values', () => {
    const subject = { userId: 'x'.repeat(200), connectorId: 'c' };
    const bytes = decodeBytes(encodeDexUserId(subject));
    expect([...bytes.subarray(0, 3)]).toEqual([0x0a, 0xc8, 0x01]);
    expect(decodeDexUserId(encodeDexUserId(subject))).toEqual(subject);
  });

  it('is not fooled by legacy oids, other IdP ids or garbage', () => {
    expect(decodeDexUserId('7c9e2a4b-1d3f-4a5b-8c7d-9e0f1a2b3c4d')).toBeUndefined();
    expect(decodeDexUserId('google-oauth2|277474792786460067937')).toBeUndefined();
    expect(decodeDexUserId('not-valid-base64!!!')).toBeUndefined();
    expect(decodeDexUserId('')).toBeUndefined();
    expect(decodeDexUserId('CiQ3YWFk')).toBeUndefined(); // truncated
    expect(decodeDexUserId(Buffer.from([0x0a, 0x01, 0x61]).toString('base64url'))).toBeUndefined(); // no connector
  });

  it('answers a repeated id from its cache with the same, unchangeable subject', () => {
    const id = encodeDexUserId({ userId: 'cache-oid', connectorId: 'entra' });
    const first = decodeDexUserId(id);
    expect(decodeDexUserId(id)).toBe(first);
    expect(first).toEqual({ userId: 'cache-oid', connectorId: 'entra' });
    expect(Object.isFrozen(first)).toBe(true);
    // Garbage is remembered as "not a Dex id", and stays so.
    expect(decodeDexUserId('not*base64')).toBeUndefined();
    expect(decodeDexUserId('not*base64')).toBeUndefined();
  });

  it('refuses to encode empty parts', () => {
    expect(() => encodeDexUserId({ userId: '', connectorId: 'c' })).toThrow(ValidationError);
    expect(() => encodeDexUserId({ userId: 'u', connectorId: '' })).toThrow(ValidationError);
  });

  it('matches an id to an oid case-sensitively, with or without a connector', () => {
    const oid = '4b1f6c2e-8a3d-4e5f-9b7a-2c6d8e0f1a3b';
    const id = encodeDexUserId({ userId: oid, connectorId: 'entra-a' });
    expect(isEmbeddedIdOf(id, oid, 'entra-a')).toBe(true);
    expect(isEmbeddedIdOf(id, oid)).toBe(true);
    expect(isEmbeddedIdOf(id, oid, 'entra-b')).toBe(false);
    expect(isEmbeddedIdOf(id, oid.toUpperCase(), 'entra-a')).toBe(false);
    expect(isEmbeddedIdOf(oid, oid)).toBe(false);
  });
});

function decodeBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
