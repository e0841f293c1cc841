/**
 * Checks HTTP requests (and fixture responses) against NetBird's own OpenAPI file, so a test fails
 * when the client sends something the real server's contract does not allow.
 *
 * Validation is openapi-backend's (`validateRequest`: path parameters, query, JSON body, against
 * the spec's schemas; https://openapistack.co/docs/openapi-backend/api/#validaterequestreq), run over
 * /work/shared/netbird/openapi.yml itself, with two patches made in memory and nowhere else:
 * - every operation gets an `operationId` (`get /api/users`): the spec has none, and
 *   openapi-backend addresses operations by id;
 * - `ResourceType` becomes the enum `host|subnet|domain|peer`. The spec writes it as an `allOf` of
 *   two enums that share no value, so nothing could ever pass; NetBird's Go code generator
 *   (shared/management/http/api/types.gen.go) and server read it as this union.
 * Formats (date-time, ipv4...) are checked with ajv-formats. On top, each request must use the spec's TokenAuth scheme (`Authorization: Token <PAT>`), ask
 * for JSON, and label a body as JSON.
 */
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import type { OpenAPIBackend } from 'openapi-backend';
import { createBackend, loadPatchedSpec as loadSpec, operationId } from '../../local/demo/netbird/spec.js';

export const SPEC_PATH = fileURLToPath(new URL('../../../shared/netbird/openapi.yml', import.meta.url));

export interface RecordedRequest {
  method: string;
  /** Path without the query string, still percent-encoded as sent. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw string when not JSON, undefined when empty. */
  body: unknown;
  /** When it reached the fake (Date.now()): ordering tests compare it with times the app recorded. */
  at?: number;
}

type Json = Record<string, unknown>;

/** The spec as parsed from the file, with the two patches described above (shared with the simulator). */
export function loadPatchedSpec(): Json {
  return loadSpec(SPEC_PATH);
}

export { operationId };

let backend: Promise<OpenAPIBackend> | undefined;

/** One initialised validator per test file (the spec is 480 KB; parsing it once is enough). */
export function specBackend(): Promise<OpenAPIBackend> {
  backend ??= createBackend(SPEC_PATH, {});
  return backend;
}

/** Every way `req` breaks the spec, as readable lines; [] when it conforms. */
export async function requestProblems(req: RecordedRequest): Promise<string[]> {
  const api = await specBackend();
  const label = `${req.method} ${req.path}`;
  const operation = api.router.matchOperation({
    method: req.method.toLowerCase(),
    path: req.path,
    headers: req.headers,
    query: req.query,
  });
  if (!operation) return [`${label}: no such operation in the spec`];

  const problems: string[] = [];
  const result = api.validateRequest(
    {
      method: req.method.toLowerCase(),
      path: req.path,
      headers: req.headers,
      query: req.query,
      body: req.body as never,
    },
    operation,
  );
  for (const e of result.errors ?? [])
    problems.push(`${label}: ${e.instancePath || '(request)'} ${e.message ?? e.keyword}`);
  if (!/^Token \S+$/.test(req.headers.authorization ?? ''))
    problems.push(`${label}: Authorization is not "Token <PAT>" (TokenAuth)`);
  if (!(req.headers.accept ?? '').includes('application/json'))
    problems.push(`${label}: Accept does not ask for application/json`);
  if (req.body !== undefined && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    problems.push(`${label}: body sent without Content-Type application/json`);
  }
  return problems;
}

/** Problems of a response body against the spec's schema for that operation and status. */
export async function responseProblems(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): Promise<string[]> {
  const api = await specBackend();
  const result = api.validateResponse(body, operationId(method, pathTemplate), status);
  return (result.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword}`);
}

/**
 * Records every request nock intercepts on the scopes it is attached to, and every request nock
 * could not match at all, so a test can assert the whole conversation conformed.
 */
export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];
  readonly unmatched: string[] = [];
  private readonly onNoMatch = (req: Request) => {
    this.unmatched.push(`${req.method} ${req.url}`);
  };

  constructor() {
    nock.emitter.on('no match', this.onNoMatch);
  }

  attach(scope: nock.Scope): nock.Scope {
    scope.on('request', (req: Request, _interceptor: unknown, body: string) =>
      this.requests.push(toRecorded(req, body)),
    );
    return scope;
  }

  /** Stop listening for unmatched requests (call in afterEach). */
  dispose(): void {
    nock.emitter.off('no match', this.onNoMatch);
  }

  async problems(): Promise<string[]> {
    const all = this.unmatched.map((u) => `${u}: matched no nock interceptor`);
    for (const req of this.requests) all.push(...(await requestProblems(req)));
    return all;
  }

  /** Throws, listing every problem, unless every recorded request conforms to the spec. */
  async expectAllValid(): Promise<void> {
    const problems = await this.problems();
    if (problems.length > 0) throw new Error(`Requests that break the NetBird spec:\n${problems.join('\n')}`);
  }

  bodiesOf(method: string, pathPattern: RegExp): unknown[] {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path)).map((r) => r.body);
  }
}

function toRecorded(req: Request, bodyText: string): RecordedRequest {
  const url = new URL(req.url);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const headers: Record<string, string> = {};
  req.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return {
    method: req.method.toUpperCase(),
    path: url.pathname,
    query,
    headers,
    body: parseBody(bodyText),
    at: Date.now(),
  };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
