/**
 * The one seam over botbuilder (archived upstream, DESIGN.md §5): a process-wide `CloudAdapter`
 * built from the bot settings. With an app id, incoming activities are JWT-validated and outgoing
 * calls carry a token (SingleTenant: client secret; UserAssignedMsi: managed identity). Without
 * one (local only: configuration refuses it in Azure) neither happens.
 * https://learn.microsoft.com/azure/bot-service/bot-builder-authentication
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { Config } from '../shared/config/index.js';

export function createAdapter(bot: Config['bot']): CloudAdapter {
  const settings = {
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appId ? bot.appType : '',
    MicrosoftAppTenantId: bot.appId ? bot.tenantId : '',
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));
}

let adapter: { key: string; value: CloudAdapter } | undefined;

/** The adapter for this process (rebuilt only if the bot settings change, as in tests). */
export function getAdapter(config: Config): CloudAdapter {
  const key = JSON.stringify([config.bot.appId, config.bot.appType, config.bot.tenantId, config.bot.appPassword]);
  if (adapter?.key !== key) adapter = { key, value: createAdapter(config.bot) };
  return adapter.value;
}
