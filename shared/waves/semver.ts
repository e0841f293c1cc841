/**
 * NetBird client versions ("0.60.2", sometimes "v0.60.2"; dev builds report "development").
 * Only major.minor.patch is compared: NetBird releases carry no pre-release tags.
 */
export type Version = readonly [number, number, number];

export function parseVersion(text: string | undefined | null): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec((text ?? '').trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
