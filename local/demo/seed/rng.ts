/**
 * A small seeded pseudo-random generator (mulberry32), so the same `seed` always builds the same
 * organisation: names, ids, laptops and which of them are online. Not for anything secret (the
 * simulators' tokens and client secret come from node:crypto instead).
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c (mulberry32)
 */
const XID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A random GUID shaped like an Entra object id (version 4, RFC 4122 variant). */
  guid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** A 20-character id shaped like NetBird's (rs/xid, base32hex, e.g. `d2v5k4p1l1bs73c0p001`). */
  xid(): string {
    let out = 'd4';
    for (let i = 0; i < 18; i++) out += XID_ALPHABET[this.int(0, 31)];
    return out;
  }
}
