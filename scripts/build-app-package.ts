/**
 * Builds the Teams app package: `appPackage/build/netbird-entra-ops.zip` holding manifest.json,
 * color.png and outline.png at its root, which is what Teams admin center / "Upload a custom
 * app" takes. https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package
 *
 * appPackage/manifest.json is the template: the build fills in
 * - `{{MicrosoftAppId}}`: the bot's app id (the same setting the Function App reads);
 * - `{{DeveloperUrl}}`: `TEAMS_APP_DEVELOPER_URL`, else `PUBLIC_BASE_URL` (Teams requires a
 *   website, privacy and terms URL; for an in-house app, the IT page that describes it);
 * - the bot's command lists, from the bot's own command registry (bot/commands/index.ts), so the
 *   menu Teams shows never drifts from what the bot understands.
 * Run: `npm run package:teams` with those settings in the environment.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { z } from 'zod';
import { COMMANDS } from '../bot/commands/index.js';
import type { BotCommand } from '../bot/commands/types.js';
import { ConfigError } from '../shared/errors.js';

export const APP_PACKAGE_DIR = new URL('../appPackage/', import.meta.url);
export const PACKAGE_PATH = new URL('build/netbird-entra-ops.zip', APP_PACKAGE_DIR);
/** Teams manifest v1.29: at most 12 commands per command list. */
export const MAX_COMMANDS = 12;

export interface AppPackageSettings {
  botId: string;
  developerUrl: string;
}

const settingsSchema = z.object({
  botId: z
    .string({ error: "MicrosoftAppId is required (the bot's app id)" })
    .regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, { error: 'MicrosoftAppId must be a GUID' }),
  developerUrl: z
    .string({
      error: 'TEAMS_APP_DEVELOPER_URL (or PUBLIC_BASE_URL) is required: Teams needs a website, privacy and terms URL',
    })
    .regex(/^https:\/\/\S+$/, { error: 'TEAMS_APP_DEVELOPER_URL must be an https URL' }),
});

export function settingsFromEnv(env: Record<string, string | undefined>): AppPackageSettings {
  const parsed = settingsSchema.safeParse({
    botId: env.MicrosoftAppId || undefined,
    developerUrl: env.TEAMS_APP_DEVELOPER_URL || env.PUBLIC_BASE_URL || undefined,
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  return parsed.data;
}

/** One list per scope (Teams shows a scope's list in its command menu). */
export function commandLists(
  commands: readonly BotCommand[] = COMMANDS,
): { scopes: ('personal' | 'team')[]; commands: { title: string; description: string }[] }[] {
  const listed = commands.filter((c) => c.inManifest !== false);
  if (listed.length > MAX_COMMANDS)
    throw new ConfigError([
      `The bot has ${listed.length} commands; a Teams command list takes at most ${MAX_COMMANDS}`,
    ]);
  const list = listed.map((c) => ({ title: c.name, description: `${c.summary} Example: ${c.example}`.slice(0, 4000) }));
  return [
    { scopes: ['personal'], commands: list },
    { scopes: ['team'], commands: list },
  ];
}

function substitute(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  if (Array.isArray(value)) return value.map((v) => substitute(v, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  return value;
}

export function readManifestTemplate(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('manifest.json', APP_PACKAGE_DIR), 'utf8')) as Record<string, unknown>;
}

/** The manifest to ship: placeholders filled, command lists added. Throws if a placeholder is left. */
export function buildManifest(
  template: Record<string, unknown>,
  settings: AppPackageSettings,
  commands: readonly BotCommand[] = COMMANDS,
): Record<string, unknown> {
  const manifest = substitute(template, {
    MicrosoftAppId: settings.botId,
    DeveloperUrl: settings.developerUrl,
  }) as Record<string, unknown> & { bots: Record<string, unknown>[] };
  manifest.bots = manifest.bots.map((bot) => ({ ...bot, commandLists: commandLists(commands) }));
  const left = /\{\{\w+\}\}/.exec(JSON.stringify(manifest));
  if (left) throw new ConfigError([`appPackage/manifest.json has a placeholder the build does not fill: ${left[0]}`]);
  return manifest;
}

export async function buildAppPackage(
  settings: AppPackageSettings,
  out: URL = PACKAGE_PATH,
): Promise<{ bytes: number; files: string[] }> {
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(buildManifest(readManifestTemplate(), settings), null, 2));
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, readFileSync(new URL(icon, APP_PACKAGE_DIR)));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  mkdirSync(new URL('.', out), { recursive: true });
  writeFileSync(out, bytes);
  return { bytes: bytes.length, files: Object.keys(zip.files).sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const result = await buildAppPackage(settingsFromEnv(process.env));
    console.log(`wrote appPackage/build/netbird-entra-ops.zip (${result.bytes} bytes: ${result.files.join(', ')})`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
