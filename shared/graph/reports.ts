/**
 * Authentication-method registration details (MFA/SSPR registered, methods) for given users.
 *
 * One GET per user id: `id` is not a documented `$filter` property of userRegistrationDetails, so
 * `id in (…)` may be refused; the per-id GET is documented. Reporting APIs allow 5 requests per
 * 10 s, so pass a limiter for anything but a handful of ids.
 * https://learn.microsoft.com/graph/api/userregistrationdetails-get
 * https://learn.microsoft.com/graph/api/resources/userregistrationdetails
 */
import { limited, type RateLimiter } from './rate-limiter.js';
import { registrationDetailsSchema, type RegistrationDetails } from './schemas.js';
import type { GraphTransport } from './transport.js';
import { graphPath } from './url.js';

export interface RegistrationDetailsOptions {
  limiter?: RateLimiter;
}

/** Details for each id that has a record, in the order given (ids without one are left out). */
export async function registrationDetails(
  t: GraphTransport,
  userIds: readonly string[],
  options: RegistrationDetailsOptions = {},
): Promise<RegistrationDetails[]> {
  const out: RegistrationDetails[] = [];
  for (const id of new Set(userIds)) {
    const read = () =>
      t.jsonOrUndefined(
        { path: graphPath`/reports/authenticationMethods/userRegistrationDetails/${id}` },
        registrationDetailsSchema,
      );
    const details = options.limiter ? await limited(options.limiter, read) : await read();
    if (details) out.push(details);
  }
  return out;
}
