/** Just enough IPv4 arithmetic to tell whether a network resource or route covers a DC. */
export interface Ipv4Range {
  first: number;
  last: number;
}

export function parseIpv4(ip: string): number | undefined {
  const parts = ip.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** A CIDR (`10.0.0.0/24`) or a single address (`10.0.0.10`, `10.0.0.10/32`) as a range; undefined for anything else (domains, IPv6). */
export function parseRange(text: string): Ipv4Range | undefined {
  const [ip, bitsText, extra] = text.trim().split('/');
  if (extra !== undefined || ip === undefined) return undefined;
  const base = parseIpv4(ip);
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (base === undefined || !(bits >= 0 && bits <= 32)) return undefined;
  const size = 2 ** (32 - bits);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

export function rangeCovers(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** True when `network` (CIDR or address) covers `target` (CIDR or address). */
export function covers(network: string, target: string): boolean {
  const a = parseRange(network);
  const b = parseRange(target);
  return a !== undefined && b !== undefined && rangeCovers(a, b);
}
