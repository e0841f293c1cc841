/** nock interceptors for Entra's token endpoint, for tests that run the real ClientSecretCredential. */
import nock from 'nock';

export const AUTHORITY = 'https://login.entra-test.invalid';
export const GRAPH_ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJncmFwaCJ9.graph-access-token-sig';

export function nockEntraToken(tenantId: string, accessToken = GRAPH_ACCESS_TOKEN, authority = AUTHORITY): nock.Scope {
  return nock(authority)
    .persist()
    .get(`/${tenantId}/v2.0/.well-known/openid-configuration`)
    .reply(200, {
      token_endpoint: `${authority}/${tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${authority}/${tenantId}/oauth2/v2.0/authorize`,
      issuer: `${authority}/${tenantId}/v2.0`,
      jwks_uri: `${authority}/${tenantId}/discovery/v2.0/keys`,
    })
    .post(`/${tenantId}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
}
