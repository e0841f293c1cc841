/**
 * Builds the Graph SDK (v3) client with our middleware chain:
 *
 *   OriginBearerTokenHandler → RetryHandler → TimeoutHandler → HTTPMessageHandler (global fetch)
 *
 * Import notes (ESM under NodeNext): the package has no `exports` map, so the main entry is its CJS
 * build (named imports work through Node's CJS interop), and the auth-provider subpath must name
 * its `index.js`: Node's ESM loader refuses directory imports (ERR_UNSUPPORTED_DIR_IMPORT).
 * https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/docs/CustomMiddlewareChain.md
 */
import type { TokenCredential } from '@azure/identity';
import { Client, HTTPMessageHandler, RetryHandler } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { Logger } from '../logger.js';
import { OriginBearerTokenHandler, TimeoutHandler, retryOptions } from './middleware.js';
import { GRAPH_API_VERSION, graphScope } from './url.js';

export interface SdkClientOptions {
  baseUrl: string;
  credential: TokenCredential;
  logger: Logger;
  timeoutMs: number;
  maxRetries: number;
  retryDelaySeconds: number;
}

export function createSdkClient(options: SdkClientOptions): Client {
  const tokens = new TokenCredentialAuthenticationProvider(options.credential, {
    scopes: [graphScope(options.baseUrl)],
  });
  return Client.initWithMiddleware({
    baseUrl: options.baseUrl,
    defaultVersion: GRAPH_API_VERSION,
    middleware: [
      new OriginBearerTokenHandler(tokens, new URL(options.baseUrl).origin),
      new RetryHandler(retryOptions(options.maxRetries, options.retryDelaySeconds, options.logger)),
      new TimeoutHandler(options.timeoutMs),
      new HTTPMessageHandler(),
    ],
  });
}
