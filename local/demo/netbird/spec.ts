/**
 * The request validator and router of the NetBird simulator: openapi-backend over NetBird's own
 * OpenAPI file, so a request the real API's contract does not allow (a missing `auto_groups`, a
 * `service_user=maybe`, an unknown path) is refused the way the real server would refuse it.
 * https://openapistack.co/docs/openapi-backend/api/
 *
 * Two fixes are made to the parsed spec in memory, and nowhere else (as test/netbird/spec-validator.ts):
 * - every operation gets an `operationId` (`get /api/users`): the spec has none, and openapi-backend
 *   addresses operations by id;
 * - `ResourceType` becomes the enum `host|subnet|domain|peer`: the spec writes it as an `allOf` of
 *   two enums with no common value, so no group with resources could ever validate; NetBird's Go
 *   code generator and server read it as this union (DESIGN.md §5).
 */
import { readFileSync } from 'node:fs';
import addFormats from 'ajv-formats';
import { OpenAPIBackend, type Document, type HandlerMap } from 'openapi-backend';
import { parse } from 'yaml';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export function operationId(method: string, pathTemplate: string): string {
  return `${method.toLowerCase()} ${pathTemplate}`;
}

export function loadPatchedSpec(specPath: string): Json {
  const spec = parse(readFileSync(specPath, 'utf8')) as Json;
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op) op.operationId ??= operationId(method, path);
    }
  }
  const schemas = (spec.components as Json).schemas as Json;
  schemas.ResourceType = { type: 'string', enum: ['host', 'subnet', 'domain', 'peer'] };
  return spec;
}

/** An initialised backend with `handlers` registered (operation ids as `operationId` builds them). */
export async function createBackend(specPath: string, handlers: HandlerMap): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition: loadPatchedSpec(specPath) as unknown as Document,
    quick: true,
    validate: true,
    strict: false,
    customizeAjv: (ajv) => {
      // date-time, email, ipv4... are checked; OpenAPI's number/secret formats and NetBird's `cidr`
      // carry no extra rule.
      addFormats.default(ajv);
      for (const format of ['cidr', 'double', 'int64', 'password']) ajv.addFormat(format, true);
      return ajv;
    },
    handlers,
  });
  return api.init();
}
