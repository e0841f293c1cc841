// NetBird Entra Ops: one Function App (Flex Consumption, Node 22) with a user-assigned managed
// identity, its storage, Application Insights, a Key Vault for the secrets (app settings are Key
// Vault references), and an Azure Bot (SingleTenant) with the Teams channel.
//
// Deploy:  az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
// Then:    npm run package && az functionapp deployment source config-zip -g <rg> -n <app> --src dist/netbird-entra-ops.zip
// Flex Consumption reference: https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan

targetScope = 'resourceGroup'

@description('Short name used to derive resource names (letters and digits).')
@minLength(3)
@maxLength(12)
param baseName string = 'entraops'

param location string = resourceGroup().location

@description('Entra tenant id.')
param tenantId string = subscription().tenantId

@description('App (client) id of the bot\'s Entra app registration (SingleTenant).')
param botAppId string

@secure()
@description('Client secret of the bot\'s app registration. Stored in Key Vault.')
param botAppPassword string

@secure()
@description('NetBird personal access token of the read-only service user. Stored in Key Vault.')
param netbirdReadToken string

@secure()
@description('NetBird personal access token of the admin service user (offboarding). Stored in Key Vault.')
param netbirdAdminToken string

@description('NetBird management URL, e.g. https://netbird.contoso.com')
param netbirdApiUrl string

@description('Dex connector id of the Entra connector (NetBird embedded IdP); empty for the legacy Azure IdP manager.')
param netbirdIdpConnectorId string = ''

param itGroupId string
param itApproversGroupId string
@description('Teams channel id for alerts and wave cards (19:...@thread.tacv2).')
param itChannelId string
@description('JSON array of sites: [{"name":"Honolulu","dcs":["10.10.0.10"],"subnets":["10.10.0.0/24"]}]')
param sites string
param adDnsDomain string
@description('JSON array of waves (see README).')
param waves string = '[]'

// Each key opens one thing (SECURITY.md). No generated default: it would change the key on
// every deployment and break the Graph subscription's URL. Keep both in your pipeline's secret store,
// or reference an existing Key Vault from the parameters file, and pass the same values every time.
@secure()
@minLength(32)
@description('Function key of the Graph notification and lifecycle endpoints only (Graph sends it back as ?code=…).')
param graphWebhookKey string

@secure()
@minLength(32)
@description('Function key of POST /api/offboard only (for HR and other systems). Must differ from graphWebhookKey.')
param offboardKey string

@description('Start in dry-run: every NetBird write is planned and audited, none is made. Turn off once the audit trail looks right.')
param dryRun bool = true

@description('Email address for the Azure Monitor heartbeat alerts. Empty: the alerts show in the portal only.')
param alertEmail string = ''

var suffix = uniqueString(resourceGroup().id, baseName)
var storageName = toLower('st${baseName}${suffix}')
var appName = '${baseName}-${suffix}'
var vaultName = take('kv-${baseName}-${suffix}', 24)
var deploymentContainer = 'app-package'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(storageName, 24)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
  resource blobs 'blobServices' = {
    name: 'default'
    resource packages 'containers' = { name: deploymentContainer }
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}'
  location: location
  properties: { retentionInDays: 90, sku: { name: 'PerGB2018' } }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: logs.id }
}

// Heartbeats (issue 17): after every success the sweep, the subscription renewal and the retry
// timer log "timer heartbeat" with their name (shared/offboarding/heartbeat.ts). The app posts a
// Teams card itself when one of them stops; these rules catch what the app cannot see about itself:
// every timer stopped, the app down, Teams unreachable. Each fires when no heartbeat arrived within
// twice the timer's period; the retry timer (every minute) gets 10 minutes, because Application
// Insights ingestion can lag by several minutes. In Azure the log line reaches `traces` through the
// Functions host (the fields as JSON in the message) and through OpenTelemetry (as customDimensions).
var heartbeats = [
  { name: 'sweep', timer: 'offboardingSweep', window: 'PT30M', frequency: 'PT15M' }
  { name: 'subscriptions', timer: 'graphSubscriptions', window: 'PT12H', frequency: 'PT1H' }
  { name: 'retry', timer: 'offboardingRetry', window: 'PT10M', frequency: 'PT5M' }
]

resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${appName}'
  location: 'global'
  properties: {
    groupShortName: 'entraops'
    enabled: true
    emailReceivers: [{ name: 'it', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

resource heartbeatAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for h in heartbeats: {
  name: 'alert-${appName}-heartbeat-${h.name}'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'NetBird Entra Ops: ${h.timer} has not succeeded'
    description: 'No "timer heartbeat" from ${h.timer} within ${h.window}: offboarding may not be running. See the function\'s failures in Application Insights.'
    severity: 1
    enabled: true
    scopes: [insights.id]
    evaluationFrequency: h.frequency
    windowSize: h.window
    criteria: {
      allOf: [
        {
          query: format('traces | where message contains "timer heartbeat" and (tostring(customDimensions.heartbeat) == "{0}" or message contains \'"heartbeat":"{0}"\')', h.name)
          timeAggregation: 'Count'
          operator: 'LessThan'
          threshold: 1
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    autoMitigate: true
    actions: { actionGroups: empty(alertEmail) ? [] : [resourceId('Microsoft.Insights/actionGroups', 'ag-${appName}')] }
  }
  dependsOn: [alertGroup]
}]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
  resource botSecret 'secrets' = { name: 'bot-app-password', properties: { value: botAppPassword } }
  resource readToken 'secrets' = { name: 'netbird-read-token', properties: { value: netbirdReadToken } }
  resource adminToken 'secrets' = { name: 'netbird-admin-token', properties: { value: netbirdAdminToken } }
  // The app's table and queue clients take a connection string; it lives in Key Vault, not in app settings.
  resource storageConnection 'secrets' = {
    name: 'storage-connection'
    properties: { value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}' }
  }
  resource functionKey 'secrets' = { name: 'graph-webhook-function-key', properties: { value: graphWebhookKey } }
  resource offboardFunctionKey 'secrets' = { name: 'offboard-function-key', properties: { value: offboardKey } }
}

// Key Vault Secrets User for the app's identity: read the secrets behind the Key Vault references.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, 'secrets-user')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Blob Data Owner: Flex Consumption reads the deployment package with the identity.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, 'blob-owner')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${appName}'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

var kvRef = '@Microsoft.KeyVault(VaultName=${vaultName};SecretName='

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 10, instanceMemoryMB: 2048 }
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
  dependsOn: [secretsUser, blobOwner]
}

// App settings as their own resource, so PUBLIC_BASE_URL can be the app's real host name (Flex
// Consumption apps may get a unique default host name, not always <name>.azurewebsites.net).
// Secrets are Key Vault references: the values stay in the vault.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage: '${kvRef}storage-connection)'
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    NETBIRD_API_URL: netbirdApiUrl
    NETBIRD_READ_TOKEN: '${kvRef}netbird-read-token)'
    NETBIRD_ADMIN_TOKEN: '${kvRef}netbird-admin-token)'
    NETBIRD_IDP_MODE: empty(netbirdIdpConnectorId) ? 'legacy' : 'embedded'
    NETBIRD_IDP_CONNECTOR_ID: netbirdIdpConnectorId
    ENTRA_TENANT_ID: tenantId
    // Graph application permissions of this identity (README "Graph permissions"): User.Read.All,
    // GroupMember.Read.All, Device.Read.All, AuditLog.Read.All (also sign-ins for device attribution,
    // needs Entra ID P1) and, optional, DeviceManagementManagedDevices.Read.All (Intune primary user).
    // None needs an app setting: a permission that is missing degrades that evidence source (403).
    GRAPH_AUTH: 'managed-identity'
    GRAPH_CLIENT_ID: identity.properties.clientId
    MicrosoftAppId: botAppId
    MicrosoftAppType: 'SingleTenant'
    MicrosoftAppTenantId: tenantId
    MicrosoftAppPassword: '${kvRef}bot-app-password)'
    IT_GROUP_ID: itGroupId
    IT_APPROVERS_GROUP_ID: itApproversGroupId
    IT_CHANNEL_ID: itChannelId
    SITES: sites
    AD_DNS_DOMAIN: adDnsDomain
    WAVES: waves
    DRY_RUN: string(dryRun)
    PUBLIC_BASE_URL: 'https://${app.properties.defaultHostName}'
    GRAPH_WEBHOOK_FUNCTION_KEY: '${kvRef}graph-webhook-function-key)'
    OFFBOARD_FUNCTION_KEY: '${kvRef}offboard-function-key)'
  }
}

// Function-level keys, one per endpoint, no host key: a host key would open every function at once.
// The same values are in Key Vault for the app's own check (shared/host/function-key.ts).
resource notificationsKey 'Microsoft.Web/sites/functions/keys@2024-04-01' = {
  name: '${app.name}/graphNotifications/graph-webhook'
  properties: { value: graphWebhookKey }
}
resource lifecycleKey 'Microsoft.Web/sites/functions/keys@2024-04-01' = {
  name: '${app.name}/graphLifecycle/graph-webhook'
  properties: { value: graphWebhookKey }
}
resource offboardEndpointKey 'Microsoft.Web/sites/functions/keys@2024-04-01' = {
  name: '${app.name}/offboard/offboard'
  properties: { value: offboardKey }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${appName}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'NetBird Entra Ops'
    endpoint: 'https://${app.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
    disableLocalAuth: true
  }
  resource teams 'channels' = {
    name: 'MsTeamsChannel'
    location: 'global'
    properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } }
  }
}

output functionAppName string = app.name
output functionAppUrl string = 'https://${app.properties.defaultHostName}'
output managedIdentityPrincipalId string = identity.properties.principalId
output managedIdentityClientId string = identity.properties.clientId
output keyVaultName string = vault.name
