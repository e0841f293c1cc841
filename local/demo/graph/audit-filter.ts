/**
 * A small evaluator for the `$filter` forms of `auditLogs/directoryAudits` the app sends
 * (shared/graph/audits.ts, tenant-audits.ts): clauses joined with `and`, each optionally in
 * parentheses, of these kinds only:
 *   activityDateTime ge|gt|le|lt|eq 2024-12-27T10:01:19.579Z
 *   loggedByService | activityDisplayName | category | result | correlationId | operationType eq '…'
 *   initiatedBy/user/id | initiatedBy/user/userPrincipalName | initiatedBy/user/displayName eq '…'
 *   targetResources/any(t: t/id | t/userPrincipalName | t/displayName eq '…')
 * String literals use OData quoting (`''` is a quote) and compare ignoring case, as the directory
 * does. Anything else (`or`, `not`, functions, other properties) is refused with 400, so the app
 * cannot come to rely on a form the simulator only pretends to understand.
 * https://learn.microsoft.com/graph/api/directoryaudit-list (filterable properties)
 */
import { badRequest } from './respond.js';
import type { SimDirectoryAudit } from './state.js';

type Predicate = (a: SimDirectoryAudit) => boolean;
type Value = { kind: 'string'; value: string } | { kind: 'date'; value: number };

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/;
const OPERATOR = /^(eq|ne|ge|gt|le|lt)\b/;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?Z/;

const STRING_FIELDS: Record<string, (a: SimDirectoryAudit) => string | null> = {
  loggedByService: (a) => a.loggedByService,
  activityDisplayName: (a) => a.activityDisplayName,
  category: (a) => a.category,
  result: (a) => a.result,
  correlationId: (a) => a.correlationId,
  operationType: (a) => a.operationType,
  'initiatedBy/user/id': (a) => a.initiatedBy.user.id,
  'initiatedBy/user/userPrincipalName': (a) => a.initiatedBy.user.userPrincipalName,
  'initiatedBy/user/displayName': (a) => a.initiatedBy.user.displayName,
};
const TARGET_FIELDS = new Set(['id', 'userPrincipalName', 'displayName']);

const sameText = (a: string | null, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  parse(): Predicate {
    const predicate = this.conjunction();
    this.ws();
    if (this.i < this.text.length) this.fail(`unexpected '${this.text.slice(this.i, this.i + 20)}'`);
    return predicate;
  }

  private conjunction(): Predicate {
    const parts = [this.clause()];
    while (this.take(/^\s+and\s+/i)) parts.push(this.clause());
    return (a) => parts.every((p) => p(a));
  }

  private clause(): Predicate {
    this.ws();
    if (this.take(/^\(/)) {
      const inner = this.conjunction();
      this.ws();
      if (!this.take(/^\)/)) this.fail("missing ')'");
      return inner;
    }
    const path = this.take(PATH) ?? this.fail('expected a property');
    if (path === 'targetResources/any' && this.take(/^\(/)) return this.lambda();
    this.ws();
    const op = this.take(OPERATOR) ?? this.fail(`expected an operator after ${path}`);
    this.ws();
    const value = this.literal();
    if (path === 'activityDateTime') {
      if (value.kind !== 'date') this.fail('activityDateTime compares with a date-time literal');
      return compareDate(op, value.value);
    }
    const field = STRING_FIELDS[path];
    if (!field || op !== 'eq' || value.kind !== 'string') this.fail(`'${path} ${op}' is not supported`);
    return (a) => sameText(field(a), value.value);
  }

  /** After `targetResources/any(`: `t: t/id eq '…')`. */
  private lambda(): Predicate {
    const variable = this.take(/^[a-z][A-Za-z0-9_]*/) ?? this.fail('expected a lambda variable');
    if (!this.take(/^:\s*/)) this.fail("expected ':' after the lambda variable");
    const path = this.take(PATH) ?? this.fail('expected a property');
    const [v, prop, ...rest] = path.split('/');
    if (v !== variable || !prop || rest.length || !TARGET_FIELDS.has(prop))
      this.fail(`'${path}' is not supported in targetResources/any`);
    this.ws();
    if (this.take(OPERATOR) !== 'eq') this.fail('only eq is supported in targetResources/any');
    this.ws();
    const value = this.literal();
    if (value.kind !== 'string') this.fail('expected a string literal');
    this.ws();
    if (!this.take(/^\)/)) this.fail("missing ')'");
    return (a) =>
      a.targetResources.some((t) => sameText(t[prop as 'id' | 'userPrincipalName' | 'displayName'], value.value));
  }

  private literal(): Value {
    if (this.text[this.i] === "'") {
      let out = '';
      for (this.i++; this.i < this.text.length; this.i++) {
        const c = this.text[this.i];
        if (c === "'" && this.text[this.i + 1] === "'") {
          out += "'";
          this.i++;
        } else if (c === "'") {
          this.i++;
          return { kind: 'string', value: out };
        } else out += c;
      }
      this.fail('unterminated string literal');
    }
    const date = this.take(DATE);
    if (date) return { kind: 'date', value: Date.parse(date) };
    return this.fail('expected a literal');
  }

  private take(pattern: RegExp): string | undefined {
    const m = pattern.exec(this.text.slice(this.i));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[1] ?? m[0];
  }

  private ws(): void {
    this.take(/^\s+/);
  }

  private fail(why: string): never {
    throw badRequest(`Invalid filter clause: ${why}.`);
  }
}

function compareDate(op: string, at: number): Predicate {
  const t = (a: SimDirectoryAudit) => Date.parse(a.activityDateTime);
  switch (op) {
    case 'ge':
      return (a) => t(a) >= at;
    case 'gt':
      return (a) => t(a) > at;
    case 'le':
      return (a) => t(a) <= at;
    case 'lt':
      return (a) => t(a) < at;
    case 'eq':
      return (a) => t(a) === at;
    default:
      throw badRequest(`Invalid filter clause: '${op}' is not supported for activityDateTime.`);
  }
}

/** The predicate for a directoryAudits `$filter`, or a 400 for a form it does not support. */
export function auditFilter(text: string): Predicate {
  return new Parser(text).parse();
}
