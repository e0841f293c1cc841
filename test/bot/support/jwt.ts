/**
 * The Bot Framework's side of incoming-activity authentication, for tests: an RSA key published
 * the way login.botframework.com publishes its keys (OpenID metadata → JWKS, with the channels
 * each key may sign for as `endorsements`), and tokens signed with it the way the Bot Connector
 * signs the `Authorization` header of every activity it posts to a bot. botbuilder's own validator
 * (JwtTokenExtractor) checks them: issuer, audience = the bot's app id, `serviceurl` claim, expiry,
 * signature and endorsement.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
 */
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import nock from 'nock';

export const OPENID_HOST = 'https://login.botframework.com';
const ISSUER = 'https://api.botframework.com';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = publicKey.export({ format: 'jwk' });
const KID = `test-${randomUUID()}`;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Serves the OpenID metadata and the key set (botbuilder caches them per process). */
export function nockBotFrameworkKeys(): nock.Scope {
  return nock(OPENID_HOST)
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${OPENID_HOST}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
}

export interface TokenClaims {
  aud: string;
  serviceUrl: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Sign with another key (same kid): a forged token. */
  forged?: boolean;
}

/** `Bearer <jwt>` as the Bot Connector sends it. */
export function connectorAuthorization({ aud, serviceUrl, expiresIn = 3600, forged = false }: TokenClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: KID, x5t: KID };
  const claims = { serviceurl: serviceUrl, nbf: now - 300, exp: now + expiresIn, iss: ISSUER, aud };
  const data = `${b64url(header)}.${b64url(claims)}`;
  const key = forged ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : privateKey;
  const signature = createSign('RSA-SHA256').update(data).sign(key).toString('base64url');
  return `Bearer ${data}.${signature}`;
}
