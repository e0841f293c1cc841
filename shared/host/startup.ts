/**
 * What the app checks when the host starts it, before any invocation: the configuration, read and
 * validated once (one message naming every bad setting). A hook that throws stops the app from
 * starting, so a Function App without a bot app id or its function keys never serves a request
 * (fail closed) instead of failing on its first invocation.
 * https://learn.microsoft.com/azure/azure-functions/functions-reference-node#hooks
 */
import { getConfig, type Config } from '../config/index.js';

export function validateAtStart(): Config {
  return getConfig();
}
