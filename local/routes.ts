/**
 * Matches request paths against Azure Functions route templates: `{name}` takes one segment,
 * `{name?}` an optional one, `{*name}` the rest; constraints such as `{id:int}` are ignored.
 * Matching is case-insensitive on the literal segments, as in the Functions host.
 */
export type RouteMatch = { params: Record<string, string> };

export function matchRoute(template: string, path: string): RouteMatch | undefined {
  const want = template.split('/').filter(Boolean);
  const got = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const seg = want[i] as string;
    const param = /^\{(\*?)([A-Za-z_][\w]*)(?::[^}?]+)?(\??)\}$/.exec(seg);
    const value = got[i];
    if (!param) {
      if (value === undefined || value.toLowerCase() !== seg.toLowerCase()) return undefined;
      continue;
    }
    const [, catchAll, name, optional] = param as unknown as [string, string, string, string];
    if (catchAll) {
      params[name] = got.slice(i).join('/');
      return { params };
    }
    if (value === undefined) {
      if (optional) continue;
      return undefined;
    }
    params[name] = value;
  }
  return got.length === want.length ||
    (got.length < want.length && want.slice(got.length).every((s) => s.endsWith('?}')))
    ? { params }
    : undefined;
}
