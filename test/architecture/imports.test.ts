/**
 * The dependency-direction rule (eslint.architecture.js) on small in-memory files: a wrong import
 * is reported with the rule's message, a right one is not. ESLint runs with just the zones and the
 * TypeScript parser (no type information needed), exactly as `npm run lint` applies them.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { architectureZones } from '../../eslint.architecture.js';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...architectureZones],
});

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result!.fatalErrorCount).toBe(0);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the core never imports the edges', () => {
  it.each([
    ['shared/offboarding/probe.ts', "import { renderView } from '../../cards/views.js';"],
    ['shared/offboarding/steps/probe.ts', "import { getAdapter } from '../../../bot/adapter.js';"],
    ['shared/probe.ts', "import { getServices } from '../functions/root/services.js';"],
    ['shared/waves/probe.ts', "import type { OutgoingMessage } from '../../bot/notifier.js';"],
    ['shared/teams/probe.ts', "export { TeamsNotifier } from '../../bot/notifier.js';"],
    ['shared/teams/probe.ts', "import type { TurnContext } from 'botbuilder';"],
    ['shared/teams/probe.ts', "import { x } from 'botframework-connector';"],
    ['shared/diagnostics/probe.ts', "import { startLocal } from '../../local/host.js';"],
  ])('%s: %s is refused', async (file, code) => {
    const messages = await restricted(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('The core (shared/) returns data');
  });

  it.each([
    ['shared/offboarding/probe.ts', "import type { TeamsSender } from '../teams/sender.js';"],
    ['shared/offboarding/steps/probe.ts', "import { approvalView } from '../views.js';"],
    ['shared/probe.ts', "import { z } from 'zod';"],
    ['bot/probe.ts', "import { renderView } from '../cards/views.js';"],
    ['functions/probe.ts', "import { botTeamsSender } from '../bot/teams-sender.js';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});

describe('cards never import bot/ or functions/', () => {
  it("refuses the bot from a card module, but not the cards' own bot/ folder", async () => {
    expect(
      await restricted('cards/waves/probe.ts', "import { toActivity } from '../../bot/notifier.js';"),
    ).toHaveLength(1);
    expect(
      await restricted('cards/probe.ts', "import { getServices } from '../functions/root/services.js';"),
    ).toHaveLength(1);
    expect(await restricted('cards/waves/probe.ts', "import { notice } from '../bot/notice.js';")).toEqual([]);
    expect(await restricted('cards/probe.ts', "import type { TeamsView } from '../shared/teams/sender.js';")).toEqual(
      [],
    );
  });
});
