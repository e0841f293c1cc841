/** POST /api/offboard: other systems (an HR tool) start an offboarding: {"user": "<UPN or id>", "reason": "…"}. */
import { z } from 'zod';
import { ValidationError } from '../shared/errors.js';
import { register } from '../shared/host/registry.js';
import { httpHandler } from '../shared/host/http-handler.js';
import { json } from '../shared/http/responses.js';
import { readJson } from '../shared/http/read-json.js';
import { requestOffboarding } from '../shared/offboarding/request.js';
import { getServices } from './root/services.js';

const bodySchema = z.object(
  {
    user: z.string({ error: '"user" is required: a UPN or an Entra object id' }),
    reason: z.string({ error: '"reason" must be text' }).optional(),
    /** Who is asking (the calling system's name), for the audit trail. */
    requestedBy: z
      .string({ error: '"requestedBy" must be text' })
      .max(100, { error: '"requestedBy" must be at most 100 characters' })
      .optional(),
  },
  { error: 'Body must be a JSON object: {"user": "<UPN or object id>", "reason": "…"}' },
);

export const offboard = register({
  kind: 'http',
  name: 'offboard',
  route: 'offboard',
  methods: ['POST'],
  authLevel: 'function',
  key: 'offboard',
  handler: httpHandler(async (request) => {
    const parsed = bodySchema.safeParse(await readJson(request));
    if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join('; '));
    const { user, reason, requestedBy } = parsed.data;
    const result = await requestOffboarding(getServices(), {
      user,
      ...(reason ? { reason } : {}),
      requestedBy: { kind: 'webhook', id: 'POST /api/offboard', ...(requestedBy ? { name: requestedBy } : {}) },
    });
    return json(202, result);
  }),
});
