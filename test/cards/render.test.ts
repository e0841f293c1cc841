import { describe, expect, it } from 'vitest';
import { CardError, renderCard } from '../../cards/render.js';
import { truncate } from '../../cards/list.js';
import { cardErrors, expectValidCard } from '../support/cards.js';

const template = {
  type: 'AdaptiveCard', version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Hello ${name}', wrap: true },
    { type: 'FactSet', facts: [{ $data: '${items}', title: '${label}', value: '${value}' }] },
  ],
};

describe('card rendering', () => {
  it('expands typed data into a valid card', () => {
    const card = renderCard(template, { name: 'Alice', items: [{ label: 'a', value: '1' }, { label: 'b', value: '2' }] });
    expect(card.body[0]).toMatchObject({ text: 'Hello Alice' });
    expect((card.body[1] as { facts: unknown[] }).facts).toHaveLength(2);
    expectValidCard(card);
  });

  it('keeps ${…} in user-supplied text literal and never leaves an unbound expression', () => {
    const card = renderCard(template, { name: '${evil} **bold**', items: [] });
    const text = JSON.stringify(card);
    expect(text).not.toContain('${');
    expect((card.body[0] as { text: string }).text).toMatch(/^Hello \$\u200B\{evil\} \*\*bold\*\*$/);
  });

  it('refuses a template that leaves an expression unbound, and a card over 28 KB', () => {
    expect(() => renderCard({ ...template, body: [{ type: 'TextBlock', text: '${missing.deep}' }] }, {})).toThrow(CardError);
    expect(() => renderCard(template, { name: 'x'.repeat(30_000), items: [] })).toThrow(/over Teams/);
  });

  it('the schema check catches an invalid card', () => {
    expect(cardErrors({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] }).length).toBeGreaterThan(0);
    expect(cardErrors({ type: 'AdaptiveCard', version: '1.5', body: [], msteams: { width: 'Full' } })).toEqual([]);
  });

  it('cuts long lists with "and N more"', () => {
    expect(truncate([1, 2, 3, 4, 5], 3)).toEqual({ shown: [1, 2, 3], more: 'and 2 more' });
    expect(truncate([1], 3)).toEqual({ shown: [1], more: '' });
  });
});
