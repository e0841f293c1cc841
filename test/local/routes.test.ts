import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../local/routes.js';

describe('local host route matching', () => {
  it('matches literal routes case-insensitively', () => {
    expect(matchRoute('graph/notifications', 'Graph/Notifications')).toEqual({ params: {} });
    expect(matchRoute('graph/notifications', 'graph/lifecycle')).toBeUndefined();
    expect(matchRoute('health', 'health/extra')).toBeUndefined();
  });

  it('binds parameters, optional parameters and catch-alls', () => {
    expect(matchRoute('cases/{id}', 'cases/abc%20def')).toEqual({ params: { id: 'abc def' } });
    expect(matchRoute('cases/{id:int}', 'cases/42')).toEqual({ params: { id: '42' } });
    expect(matchRoute('cases/{id?}', 'cases')).toEqual({ params: {} });
    expect(matchRoute('files/{*rest}', 'files/a/b/c')).toEqual({ params: { rest: 'a/b/c' } });
    expect(matchRoute('cases/{id}', 'cases')).toBeUndefined();
  });
});
