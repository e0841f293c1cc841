/**
 * The Entra ID endpoints MSAL needs for the client-credentials flow (what @azure/identity's
 * ClientSecretCredential runs): the tenant's OpenID configuration, and the v2.0 token endpoint,
 * which checks the client id, the client secret and the `.default` scope of the simulated Graph,
 * and issues an opaque bearer token the Graph routes then require. Errors are shaped like Entra's
 * (`error`, `error_description` with an AADSTS code).
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { randomBytes } from 'node:crypto';
import type { GraphState } from './state.js';

export const TOKEN_LIFETIME_SECONDS = 3_599;

export interface TokenReply {
  status: number;
  body: unknown;
}

/** Issued access tokens → expiry (ms since the epoch). */
export type TokenStore = Map<string, number>;

function entraError(status: number, error: string, description: string, now: Date): TokenReply {
  const code = Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0);
  return {
    status,
    body: {
      error,
      error_description: description,
      error_codes: [code],
      timestamp: now
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z'),
      trace_id: randomBytes(16).toString('hex'),
    },
  };
}

export function openIdConfiguration(origin: string, tenantId: string): TokenReply {
  const base = `${origin}/${tenantId}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
    },
  };
}

/** `POST /{tenant}/oauth2/v2.0/token` with a form body. */
export function issueToken(
  state: GraphState,
  origin: string,
  form: URLSearchParams,
  tokens: TokenStore,
  now: Date,
): TokenReply {
  if (form.get('grant_type') !== 'client_credentials')
    return entraError(
      400,
      'unsupported_grant_type',
      'AADSTS70003: The app requested an unsupported grant type. The simulator supports client_credentials only.',
      now,
    );
  if (form.get('client_id')?.toLowerCase() !== state.clientId) {
    return entraError(
      400,
      'unauthorized_client',
      `AADSTS700016: Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`,
      now,
    );
  }
  if (form.get('client_secret') !== state.clientSecret) {
    return entraError(
      401,
      'invalid_client',
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${state.clientId}'.`,
      now,
    );
  }
  const scopes = (form.get('scope') ?? '').split(' ');
  if (!scopes.includes(`${origin}/.default`)) {
    return entraError(
      400,
      'invalid_scope',
      `AADSTS1002012: The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (${origin}/.default).`,
      now,
    );
  }
  const token = randomBytes(32).toString('base64url');
  tokens.set(token, now.getTime() + TOKEN_LIFETIME_SECONDS * 1_000);
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: token,
    },
  };
}

/** undefined when the bearer token is good, else why not. */
export function checkBearer(header: string | undefined, tokens: TokenStore, now: Date): string | undefined {
  const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (!token) return 'Access token is empty.';
  const expires = tokens.get(token);
  if (expires === undefined) return 'Access token validation failure. Invalid audience.';
  if (expires <= now.getTime()) return 'Lifetime validation failed, the token is expired.';
  return undefined;
}
