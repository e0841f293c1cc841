/** A complete, valid set of app settings for tests. Secret-looking values are recognisable fakes. */
export const TEST_SECRETS = {
  NETBIRD_READ_TOKEN: 'nbp_readTokenValue0123456789abcdefXYZ',
  NETBIRD_ADMIN_TOKEN: 'nbp_adminTokenValue0123456789abcdefXYZ',
  GRAPH_CLIENT_SECRET: 'graph~Secret.Value_0123456789abcdef',
  MicrosoftAppPassword: 'bot~Password.Value_0123456789abcdef',
  GRAPH_WEBHOOK_FUNCTION_KEY: 'graphKey_0123456789abcdefghijklmnopqrstuv==',
  OFFBOARD_FUNCTION_KEY: 'offboardKey_0123456789abcdefghijklmnopqrs==',
} as const;

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const IT_GROUP_ID = '0d4e4a8b-7a35-4d7f-9c2e-3b1a2f6e9d01';
export const IT_APPROVERS_GROUP_ID = '5b1e9c2d-3f4a-4b6c-8d7e-9f0a1b2c3d4e';
export const IT_CHANNEL_ID = '19:it-ops-channel@thread.tacv2';

export function validEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NETBIRD_API_URL: 'https://netbird.contoso.test',
    NETBIRD_READ_TOKEN: TEST_SECRETS.NETBIRD_READ_TOKEN,
    NETBIRD_ADMIN_TOKEN: TEST_SECRETS.NETBIRD_ADMIN_TOKEN,
    NETBIRD_IDP_MODE: 'embedded',
    NETBIRD_IDP_CONNECTOR_ID: 'entra',
    ENTRA_TENANT_ID: TENANT_ID,
    GRAPH_AUTH: 'client-secret',
    GRAPH_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
    GRAPH_CLIENT_SECRET: TEST_SECRETS.GRAPH_CLIENT_SECRET,
    GRAPH_BASE_URL: 'https://graph.microsoft.com',
    MicrosoftAppId: '99999999-8888-7777-6666-555555555555',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppPassword: TEST_SECRETS.MicrosoftAppPassword,
    GRAPH_WEBHOOK_FUNCTION_KEY: TEST_SECRETS.GRAPH_WEBHOOK_FUNCTION_KEY,
    OFFBOARD_FUNCTION_KEY: TEST_SECRETS.OFFBOARD_FUNCTION_KEY,
    IT_GROUP_ID,
    IT_APPROVERS_GROUP_ID,
    IT_CHANNEL_ID,
    SITES: JSON.stringify([
      { name: 'Honolulu', dcs: ['10.10.0.10', '10.10.0.11'], subnets: ['10.10.0.0/24'] },
      { name: 'Boulder', dcs: ['10.20.0.10'], subnets: ['10.20.0.0/24'] },
    ]),
    AD_DNS_DOMAIN: 'corp.contoso.com',
    ...overrides,
  };
}
