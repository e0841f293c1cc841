import { describe, expect, it } from 'vitest';
import { CardError, renderCard } from '../../cards/render.js';
import { truncate } from '../../cards/list.js';
import { escapeMarkdown } from '../../cards/plain-text.js';
import type { Device, OffboardingCase } from '../../shared/offboarding/model.js';
import { approvalMessage } from '../../cards/offboarding/card-views.js';
import { linesOf, shown } from '../bot/support/card-text.js';
import { cardErrors, expectValidCard } from '../support/cards.js';

const template = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Hello ${name}', wrap: true },
    { type: 'FactSet', facts: [{ $data: '${items}', title: '${label}', value: '${value}' }] },
  ],
};

describe('card rendering', () => {
  it('expands typed data into a valid card', () => {
    const card = renderCard(template, {
      name: 'Alice',
      items: [
        { label: 'a', value: '1' },
        { label: 'b', value: '2' },
      ],
    });
    expect(card.body[0]).toMatchObject({ text: 'Hello Alice' });
    expect((card.body[1] as { facts: unknown[] }).facts).toHaveLength(2);
    expectValidCard(card);
  });

  it('keeps ${…} in user-supplied text literal and never leaves an unbound expression', () => {
    const card = renderCard(template, { name: '${evil} **bold**', items: [] });
    const text = JSON.stringify(card);
    expect(text).not.toContain('${');
    expect((card.body[0] as { text: string }).text).toMatch(/^Hello \$\u200B\{evil\} \\\*\\\*bold\\\*\\\*$/);
  });

  it('refuses a template that leaves an expression unbound, and a card over 28 KB', () => {
    expect(() => renderCard({ ...template, body: [{ type: 'TextBlock', text: '${missing.deep}' }] }, {})).toThrow(
      CardError,
    );
    expect(() => renderCard(template, { name: 'x'.repeat(30_000), items: [] })).toThrow(/over Teams/);
  });

  it('the schema check catches an invalid card', () => {
    expect(cardErrors({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] }).length).toBeGreaterThan(
      0,
    );
    expect(cardErrors({ type: 'AdaptiveCard', version: '1.5', body: [], msteams: { width: 'Full' } })).toEqual([]);
  });

  it('cuts long lists with "and N more"', () => {
    expect(truncate([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], more: 'and 2 more' });
    expect(truncate([1], 3)).toEqual({ shown: [1], more: '' });
  });
});

/** Markdown Teams would render: a link, emphasis, strike, code, html, a list/heading/quote at a line start. */
const LIVE_MARKDOWN = [
  /(^|[^\\])\[[^\]]*(^|[^\\])\]\(/, // [text](url)
  /(^|[^\\])(\*|_|~|`)/, // emphasis, strike, code: any unescaped one
  /(^|[^\\])</, // html / autolink
  /^[ \t]*([-+]|\d+[.)])([ \t]|$)/m, // list item
  /^[ \t]*(#|>)/m, // heading, quote
];
const hasLiveMarkdown = (text: string) => LIVE_MARKDOWN.some((re) => re.test(text));

describe('card text is plain text', () => {
  it('escapes the characters that can start markdown, and list markers at a line start, keeping newlines', () => {
    expect(escapeMarkdown('[Approve here](https://evil.example) **urgent** _x_')).toBe(
      '\\[Approve here\\](https://evil.example) \\*\\*urgent\\*\\* \\_x\\_',
    );
    expect(escapeMarkdown('a\\b `c` ~d~ <at>e</at> #f')).toBe('a\\\\b \\`c\\` \\~d\\~ \\<at\\>e\\</at\\> \\#f');
    expect(escapeMarkdown('- item\n\n+ two\n  3. three\n4) four\n---\n===')).toBe(
      '\\- item\n\n\\+ two\n  3\\. three\n4\\) four\n\\---\n\\===',
    );
    // Not markdown: left alone.
    expect(escapeMarkdown('NetBird 0.60.2 on LAPTOP-42, -x, a - b, 3.5 days, 1 of 2 (50%)!')).toBe(
      'NetBird 0.60.2 on LAPTOP-42, -x, a - b, 3.5 days, 1 of 2 (50%)!',
    );
    expect(escapeMarkdown('QUARANTINE_MACHINE_PEERS is off')).toBe('QUARANTINE\\_MACHINE\\_PEERS is off');
    for (const text of [
      '[Approve here](https://evil.example) **urgent** _x_',
      '- item',
      '1. one\n\n> quote\n# head',
      '<a href="x">y</a>',
    ]) {
      expect(hasLiveMarkdown(escapeMarkdown(text))).toBe(false);
      expect(shown(escapeMarkdown(text))).toBe(text);
    }
  });

  it('escapes every TextBlock and fact, wherever it is, and nothing else', () => {
    const evil = '[x](https://evil.example) *y*';
    const template = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'Container',
          items: [
            {
              type: 'ColumnSet',
              columns: [
                {
                  type: 'Column',
                  items: [
                    { type: 'TextBlock', text: '${t}' },
                    { type: 'FactSet', facts: [{ title: '${t}', value: '${t}' }] },
                  ],
                },
              ],
            },
          ],
        },
        { type: 'Input.Text', id: '${id}', label: 'Name', value: '${t}' },
        { type: 'Input.ChoiceSet', id: 'c_1', choices: [{ title: 'Keep', value: '${id}' }] },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '${t}', weight: 'Bolder' }] },
        { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Open', url: '${url}' }] },
      ],
      actions: [
        {
          type: 'Action.ShowCard',
          title: 'More',
          card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '${t}' }] },
        },
        {
          type: 'Action.Execute',
          title: 'Go',
          verb: 'x.go',
          style: 'destructive',
          data: { user: '${upn}', note: '${t}', nested: { type: 'TextBlock', text: '${t}' } },
        },
      ],
      refresh: { action: { type: 'Action.Execute', verb: 'x.refresh', data: { user: '${upn}' } }, userIds: ['${upn}'] },
    };
    const card = renderCard(template, {
      t: evil,
      id: 'device_0',
      upn: 'first_last@contoso.com',
      url: 'https://contoso.com/a_b?c=*d*',
    });
    expectValidCard(card);
    const escaped = escapeMarkdown(evil);
    const at = (...path: (string | number)[]): unknown =>
      path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], card);
    const column = ['body', 0, 'items', 0, 'columns', 0, 'items'] as const;
    expect(at(...column, 0, 'text')).toBe(escaped);
    expect(at(...column, 1, 'facts')).toEqual([{ title: escaped, value: escaped }]);
    expect(at('actions', 0, 'card', 'body', 0, 'text')).toBe(escaped);
    // Not card text: byte-identical.
    expect(at('body', 1)).toEqual({ type: 'Input.Text', id: 'device_0', label: 'Name', value: evil });
    expect(at('body', 2, 'choices')).toEqual([{ title: 'Keep', value: 'device_0' }]);
    expect(at('body', 3, 'inlines', 0, 'text')).toBe(evil); // TextRuns are never markdown-processed
    expect(at('body', 4, 'actions', 0, 'url')).toBe('https://contoso.com/a_b?c=*d*');
    expect(at('actions', 1)).toEqual({
      type: 'Action.Execute',
      title: 'Go',
      verb: 'x.go',
      style: 'destructive',
      data: { user: 'first_last@contoso.com', note: evil, nested: { type: 'TextBlock', text: evil } },
    });
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'x.refresh', data: { user: 'first_last@contoso.com' } },
      userIds: ['first_last@contoso.com'],
    });
  });

  it('the real approval card: a hostile display name and device name render as text; data, ids and styles unchanged', () => {
    const device = (name: string, i: number): Device => ({
      peerId: `peer_${i}`,
      name,
      hostname: name,
      os: 'Windows 11',
      connected: false,
      lastSeen: '2026-11-20T10:00:00Z',
      kind: 'machine',
      matchedBy: `hostname matches Entra device ${name}`,
      groups: [],
      quarantine: {
        removedFrom: [{ id: 'g', name: '_General_ Users' }],
        done: { at: '2026-11-20T12:00:00Z', result: 'done' },
      },
    });
    const displayName = '[Approve here](https://evil.example) **urgent** _x_';
    const c: OffboardingCase = {
      id: 'case_1',
      userId: 'u1',
      upn: 'first_last@contoso.com',
      displayName,
      state: 'awaiting-approval',
      open: true,
      reason: 'disabled',
      requestedBy: { kind: 'notification' },
      dryRun: false,
      openedAt: '2026-11-20T12:00:00Z',
      updatedAt: '2026-11-20T12:00:00Z',
      devices: [device('- item', 0), device('1. LAPTOP_*7*', 1)],
      messages: [],
      manager: { id: 'manager_1', name: '**Sara** Davis' },
      note: '# see <https://evil.example>',
    };
    const { card, text } = approvalMessage(c);
    expectValidCard(card);

    // Every TextBlock and fact: no live markdown, and it reads back as the data was.
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'TextBlock') texts.push(n.text as string);
      if (n.type === 'FactSet')
        for (const f of n.facts as { title: string; value: string }[]) texts.push(f.title, f.value);
      for (const [k, v] of Object.entries(n)) if (k !== 'data') walk(v);
    };
    walk(card);
    for (const t of texts) expect(hasLiveMarkdown(t), t).toBe(false);
    const lines = linesOf(card);
    expect(lines[0]).toBe(`Offboarding: ${displayName}`);
    expect(lines[1]).toMatch(/^first_last@contoso\.com · .* · "# see <https:\/\/evil\.example>"$/);
    expect(lines).toContain('Approver: **Sara** Davis (manager)');
    // The device name is bold through a TextRun (no markdown at all), shown as given.
    expect(lines).toContain('- item · machine peer (setup key)');
    expect(lines).toContain('1. LAPTOP_*7* · machine peer (setup key)');
    expect(JSON.stringify(card)).not.toContain('**');

    // What is not text is byte-identical.
    const actions = card.actions as { style?: string; data: unknown }[];
    expect(actions.map((a) => a.data)).toEqual([
      { caseId: 'case_1', decision: 'approve' },
      { caseId: 'case_1', decision: 'reject' },
    ]);
    expect(actions[0]!.style).toBe('destructive');
    expect(card.refresh).toMatchObject({ userIds: ['8:orgid:manager_1'] });
    const inputs = JSON.stringify(card).match(/"id":"[^"]*"/g);
    expect(inputs).toEqual(['"id":"device_0"', '"id":"device_1"']);
    // The activity text is escaped where it is sent (shared/teams/notifier.ts toActivity).
    expect(text).toContain(displayName);
  });
});
