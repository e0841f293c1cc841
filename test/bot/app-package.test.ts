import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bot/commands/index.js';
import { parseCommand } from '../../bot/parser.js';
import { ConfigError } from '../../shared/errors.js';
import {
  buildAppPackage,
  buildManifest,
  MAX_COMMANDS,
  readManifestTemplate,
  settingsFromEnv,
} from '../../scripts/build-app-package.js';
import { colorIcon, outlineIcon } from '../../scripts/make-icons.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const BOT_ID = '99999999-8888-7777-6666-555555555555';
const settings = { botId: BOT_ID, developerUrl: 'https://it.contoso.com/netbird-entra-ops' };

/** The v1.29 schema as ../shared/teams/SOURCE.md says to compile it: no `$schema`, draft-07, strict off. */
function manifestValidator() {
  const schema = JSON.parse(
    readFileSync(new URL('../../../shared/teams/manifest.schema.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
const validate = manifestValidator();
const errorsOf = (manifest: unknown) =>
  validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

function pixels(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

describe('Teams app package', () => {
  it('builds a manifest that validates against the v1.29 schema, with the bot id and the command lists', () => {
    const manifest = buildManifest(readManifestTemplate(), settings) as {
      manifestVersion: string;
      bots: { botId: string; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
    };
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.29');
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]!.botId).toBe(BOT_ID);
    for (const list of manifest.bots[0]!.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(MAX_COMMANDS);
      expect(list.commands.map((c) => c.title)).toEqual(
        COMMANDS.filter((c) => c.inManifest !== false).map((c) => c.name),
      );
      // Each title, typed as it is, runs its command.
      for (const c of list.commands) expect(parseCommand(c.title, COMMANDS).kind).toBe('command');
    }
    expect(manifest.bots[0]!.commandLists.map((l) => l.scopes)).toEqual([['personal'], ['team']]);
  });

  it('the schema check has teeth: a wrong manifest version or a bot id that is no GUID fails', () => {
    const good = buildManifest(readManifestTemplate(), settings);
    expect(errorsOf({ ...good, manifestVersion: '1.19' }).length).toBeGreaterThan(0);
    expect(
      errorsOf(buildManifest(readManifestTemplate(), { ...settings, botId: 'not-a-guid' })).length,
    ).toBeGreaterThan(0);
  });

  it('refuses more than 12 commands in a list', () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => ({ ...COMMANDS[0]!, name: `c${i}` }));
    expect(() => buildManifest(readManifestTemplate(), settings, thirteen)).toThrow(ConfigError);
  });

  it('reads its settings from the environment and names every missing one', () => {
    expect(settingsFromEnv({ MicrosoftAppId: BOT_ID, PUBLIC_BASE_URL: 'https://ops.contoso.com' })).toEqual({
      botId: BOT_ID,
      developerUrl: 'https://ops.contoso.com',
    });
    try {
      settingsFromEnv({});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        "MicrosoftAppId is required (the bot's app id)",
        'TEAMS_APP_DEVELOPER_URL (or PUBLIC_BASE_URL) is required: Teams needs a website, privacy and terms URL',
      ]);
    }
  });

  it("zips manifest.json and the two icons at the root; the icons have Teams' sizes", async () => {
    const out = pathToFileURL(join(mkdtempSync(join(tmpdir(), 'app-package-')), 'netbird-entra-ops.zip'));
    const result = await buildAppPackage(settings, out);
    expect(result.files).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as unknown;
    expect(errorsOf(manifest)).toEqual([]);
    const color = pixels(await zip.file('color.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = pixels(await zip.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The outline icon: white on transparent, nothing else.
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i]!, outline.data[i + 1]!, outline.data[i + 2]!, outline.data[i + 3]!];
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan((32 * 32) / 2);
  });

  it('the committed icons are what scripts/make-icons.ts draws', () => {
    const dir = new URL('../../appPackage/', import.meta.url);
    expect(pixels(readFileSync(new URL('color.png', dir))).data.equals(pixels(colorIcon()).data)).toBe(true);
    expect(pixels(readFileSync(new URL('outline.png', dir))).data.equals(pixels(outlineIcon()).data)).toBe(true);
  });
});
