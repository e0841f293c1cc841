import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bot/commands/index.js';
import { editDistance } from '../../bot/edit-distance.js';
import { parseCommand, stripBotMention, suggest } from '../../bot/parser.js';

const BOT = '28:99999999-8888-7777-6666-555555555555';
const botMention = { type: 'mention', text: '<at>Entra Ops</at>', mentioned: { id: BOT, name: 'Entra Ops' } };
const specs = [
  { name: 'tunnel', aliases: ['tunnel status', 'status'] },
  { name: 'resets', aliases: ['reset history', 'reset'] },
  { name: 'help', aliases: ['?'] },
  { name: 'offboard', aliases: [] },
  { name: 'cases', aliases: [] },
  { name: 'case', aliases: [] },
] as const;
const parse = (text: string) => parseCommand(text, specs);
const named = (text: string) => {
  const r = parse(text);
  return r.kind === 'command' ? [r.command.name, r.args] : [r.kind];
};

describe('stripBotMention', () => {
  it("removes only the bot's own mention, found through the mention entities", () => {
    const alice = { type: 'mention', text: '<at>Alice</at>', mentioned: { id: '29:alice', name: 'Alice' } };
    expect(stripBotMention('<at>Entra Ops</at> tunnel <at>Alice</at>', [botMention, alice], BOT)).toBe(
      'tunnel <at>Alice</at>',
    );
    // No entity for the bot (a mention typed as text): nothing is removed.
    expect(stripBotMention('<at>Entra Ops</at> help', [alice], BOT)).toBe('<at>Entra Ops</at> help');
  });

  it('decodes the entities Teams puts in plain text and tolerates junk', () => {
    expect(stripBotMention('<at>Entra Ops</at>&nbsp;tunnel LAPTOP-42\n', [botMention], BOT)).toBe('tunnel LAPTOP-42');
    expect(stripBotMention(undefined, 'not-a-list', BOT)).toBe('');
    expect(stripBotMention('help', [null, 3, { type: 'mention' }], undefined)).toBe('help');
  });
});

describe('parseCommand', () => {
  it("matches verbs case-insensitively and keeps the arguments' case", () => {
    expect(named('TUNNEL LAPTOP-42')).toEqual(['tunnel', ['LAPTOP-42']]);
    expect(named('Resets Alice@Contoso.com 14')).toEqual(['resets', ['Alice@Contoso.com', '14']]);
  });

  it('knows the aliases, longest first', () => {
    expect(named('tunnel status LAPTOP-42')).toEqual(['tunnel', ['LAPTOP-42']]);
    expect(named('status LAPTOP-42')).toEqual(['tunnel', ['LAPTOP-42']]);
    expect(named('reset history alice')).toEqual(['resets', ['alice']]);
    expect(named('resets alice@contoso.com')).toEqual(['resets', ['alice@contoso.com']]);
    expect(named('case alice')).toEqual(['case', ['alice']]);
    expect(named('cases')).toEqual(['cases', []]);
  });

  it('says empty for nothing but whitespace', () => {
    expect(parse('  \n\t ')).toEqual({ kind: 'empty' });
  });

  it('suggests the closest commands for an unknown verb', () => {
    const r = parse('tunel LAPTOP-42');
    expect(r.kind).toBe('unknown');
    if (r.kind !== 'unknown') return;
    expect(r.word).toBe('tunel');
    expect(r.suggestions.map((c) => c.name)).toEqual(['tunnel']);
    expect(suggest('rests', specs).map((c) => c.name)).toContain('resets');
    expect(suggest('offbord', specs).map((c) => c.name)).toEqual(['offboard']);
    expect(suggest('xyzzy', specs)).toEqual([]);
  });

  it('parses the real command list: every example runs its own command', () => {
    for (const command of COMMANDS) {
      const r = parseCommand(command.example, COMMANDS);
      expect(r.kind === 'command' && r.command.name).toBe(command.name);
    }
  });

  it('never throws, whatever the text and entities (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.array(fc.anything(), { maxLength: 4 }),
        (text, entities) => {
          const stripped = stripBotMention(text, entities, BOT);
          const r = parseCommand(stripped, specs);
          expect(['empty', 'command', 'unknown']).toContain(r.kind);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never changes an argument, whatever its case (property)', () => {
    // Words that would extend an alias (`tunnel status`, `reset history`) are the documented exception.
    const word = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .filter((w) => !/[\s&<]/u.test(w) && !/^(status|history)$/i.test(w));
    fc.assert(
      fc.property(
        fc.constantFrom('tunnel', 'TUNNEL', 'tunnel status', 'Status', 'resets', 'reset history'),
        fc.array(word, { minLength: 1, maxLength: 4 }),
        (verb, args) => {
          const text = `<at>Entra Ops</at> ${verb} ${args.join(' ')}`;
          const r = parseCommand(stripBotMention(text, [botMention], BOT), specs);
          expect(r.kind).toBe('command');
          if (r.kind === 'command') expect(r.args.slice(-args.length)).toEqual(args);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('editDistance', () => {
  it('is the Levenshtein distance', () => {
    expect(editDistance('tunel', 'tunnel')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('is symmetric and bounded by the longer length (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d === 0).toBe(a === b);
      }),
    );
  });
});
