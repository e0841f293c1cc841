import { describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../../shared/errors.js';
import { ODataFilter, and, any, eq, ge, inList, not, odataString, or, startsWith } from '../../shared/graph/odata.js';
import { graphPath, linkToTarget, normalizeBaseUrl, queryString, strictEncode } from '../../shared/graph/url.js';

describe('odataString', () => {
  it('quotes and doubles single quotes', () => {
    expect(odataString("o'brien@contoso.com")).toBe("'o''brien@contoso.com'");
    expect(odataString("''")).toBe("''''''");
    expect(odataString('plain')).toBe("'plain'");
  });

  it('refuses control characters and non-strings', () => {
    expect(() => odataString('a\nb')).toThrow(ValidationError);
    expect(() => odataString('a\u0000b')).toThrow(ValidationError);
    expect(() => odataString(42 as unknown as string)).toThrow(ValidationError);
  });
});

describe('filter builders', () => {
  it('compose comparisons, lambdas and lists with every value escaped', () => {
    const f = and(
      eq('loggedByService', 'Self-service Password Management'),
      ge('activityDateTime', new Date('2024-12-01T00:00:00Z')),
      any('targetResources', 't', eq('t/id', "x' or 1 eq 1 or id eq '")),
    );
    expect(f.toString()).toBe(
      "(loggedByService eq 'Self-service Password Management') and (activityDateTime ge 2024-12-01T00:00:00.000Z) and " +
        "(targetResources/any(t: t/id eq 'x'' or 1 eq 1 or id eq '''))",
    );
    expect(inList('id', ['a', "b'c"]).toString()).toBe("id in ('a','b''c')");
    expect(or(eq('accountEnabled', true), not(eq('x', 1))).toString()).toBe(
      '(accountEnabled eq true) or (not (x eq 1))',
    );
    expect(startsWith('displayName', "O'B").toString()).toBe("startswith(displayName,'O''B')");
    expect(and(eq('a', 'b')).toString()).toBe("a eq 'b'");
  });

  it('refuses property paths that are not identifiers', () => {
    expect(() => eq("id eq 'x' or id", 'y')).toThrow(ValidationError);
    expect(() => any('targetResources', 'T)', eq('t/id', 'x'))).toThrow(ValidationError);
    expect(() => inList('id', [])).toThrow(ValidationError);
    expect(() => eq('n', Number.NaN)).toThrow(ValidationError);
  });

  it('cannot be constructed from a raw string outside the builders', () => {
    expect(() => new ODataFilter(Symbol('ODataFilter builder') as never, "id eq 'x'")).toThrow(TypeError);
  });
});

describe('url helpers', () => {
  it('percent-encodes path segments and query values strictly', () => {
    expect(graphPath`/users/${"o'brien@contoso.com"}/manager`).toBe('/users/o%27brien%40contoso.com/manager');
    expect(() => graphPath`/users/${''}`).toThrow(ValidationError);
    expect(() => graphPath`/users/${'a\tb'}`).toThrow(ValidationError);
    expect(strictEncode("a b&c=d'(e)")).toBe('a%20b%26c%3Dd%27%28e%29');
    expect(queryString({ select: ['id', 'mail'], filter: eq('mail', "o'b&x"), top: 5 })).toBe(
      '?$select=id%2Cmail&$filter=mail%20eq%20%27o%27%27b%26x%27&$top=5',
    );
    expect(() => queryString({ select: ['id,mail'] })).toThrow(ValidationError);
    expect(() => queryString({ top: 1000 })).toThrow(ValidationError);
  });

  it('normalises base URLs and keeps plain http to loopback', () => {
    expect(normalizeBaseUrl('https://graph.microsoft.com/')).toBe('https://graph.microsoft.com');
    expect(normalizeBaseUrl('https://graph.microsoft.us')).toBe('https://graph.microsoft.us');
    expect(normalizeBaseUrl('http://127.0.0.1:7071/')).toBe('http://127.0.0.1:7071');
    expect(normalizeBaseUrl('http://localhost:7071/graph/')).toBe('http://localhost:7071/graph');
    expect(() => normalizeBaseUrl('http://graph.example.com')).toThrow(ConfigError);
    expect(() => normalizeBaseUrl('https://graph.microsoft.com/v1.0')).toThrow(ConfigError);
    expect(() => normalizeBaseUrl('not a url')).toThrow(ConfigError);
  });

  it('follows links only under the base URL', () => {
    expect(
      linkToTarget('https://graph.microsoft.com', 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=a%2Bb'),
    ).toEqual({
      version: 'v1.0',
      path: '/users/delta?$deltatoken=a%2Bb',
    });
    expect(linkToTarget('http://127.0.0.1:7071/graph', 'http://127.0.0.1:7071/graph/beta/users?$skiptoken=x')).toEqual({
      version: 'beta',
      path: '/users?$skiptoken=x',
    });
    expect(() => linkToTarget('https://graph.microsoft.com', 'https://evil.example/v1.0/users')).toThrow(
      ValidationError,
    );
    expect(() => linkToTarget('https://graph.microsoft.com', 'http://graph.microsoft.com/v1.0/users')).toThrow(
      ValidationError,
    );
    expect(() => linkToTarget('https://graph.microsoft.com', 'https://graph.microsoft.com/users')).toThrow(
      ValidationError,
    );
  });
});
