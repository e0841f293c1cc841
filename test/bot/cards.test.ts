import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpCard } from '../../cards/bot/help.js';
import { notice } from '../../cards/bot/notice.js';
import { offboardConfirmCard } from '../../cards/bot/offboard-confirm.js';
import { peerPickCard } from '../../cards/bot/peer-pick.js';
import { reportCard } from '../../cards/bot/report.js';
import { resetsCard } from '../../cards/bot/resets.js';
import { tunnelCard, type TunnelPeerData } from '../../cards/bot/tunnel.js';
import { COMMANDS } from '../../bot/commands/index.js';
import { assessPeer } from '../../shared/domain/dc-access/index.js';
import { tunnelView, MAX_PEERS } from '../../cards/diagnostics/tunnel-view.js';
import { resetsView } from '../../cards/diagnostics/resets-view.js';
import type { AssessedPeer } from '../../shared/diagnostics/tunnel.js';
import type { DirectoryAudit, GraphUser } from '../../shared/graph/index.js';
import { AD_DOMAIN, FIXTURE_NOW, GROUPS, peer, seedNetwork, SITES } from '../fixtures/network.js';
import { expectValidCard } from '../support/cards.js';

const fact = (i: number) => ({ title: `Fact ${i}`, value: `value ${i} with some words in it` });
const evil = 'LAPTOP-${dangerous} <at>x</at> **md**';

describe('bot card templates', () => {
  it('has a typed module for every template', () => {
    const dir = new URL('../../cards/bot/', import.meta.url);
    const templates = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace('.json', ''))
      .sort();
    expect(templates).toEqual(['help', 'notice', 'offboard-confirm', 'peer-pick', 'report', 'resets', 'tunnel']);
    for (const t of templates) expect(readdirSync(dir)).toContain(`${t}.ts`);
  });

  it('notice: with and without lines, with user text carrying ${', () => {
    for (const message of [notice('Title only'), notice(`Nothing found for "${evil}"`, ['one', 'two'], 'Warning')]) {
      expectValidCard(message.card);
      expect(message.text.length).toBeGreaterThan(0);
      // The card's copy has `${` defused by renderCard; the activity text is plain text.
      expect(message.card.fallbackText).toBe(message.text.replaceAll('${', '$\u200B{'));
    }
  });

  it('help: every command, and the empty list a non-IT caller sees', () => {
    const all = helpCard({
      title: 'What I can do',
      intro: 'intro',
      commands: COMMANDS.map((c) => ({ usage: c.usage, summary: c.summary, example: c.example })),
    });
    expectValidCard(all.card);
    expectValidCard(helpCard({ title: 'What I can do', intro: 'nothing for you', commands: [] }).card);
  });

  it('tunnel: from the real view of a user with more peers than fit, under 28 KB, with "and N more"', () => {
    const net = seedNetwork();
    const groups = Array.from({ length: 30 }, (_, i) => ({
      id: `g${i}`,
      name: `A rather long NetBird group name number ${i}`,
    }));
    const many: AssessedPeer[] = Array.from({ length: MAX_PEERS + 3 }, (_, i) => {
      const p = peer(`p${i}`, `LAPTOP-${i}`, [GROUPS.all, GROUPS.users, ...groups], {
        connected: i % 2 === 0,
        kernel_version: '10.0.26100',
        login_expired: i === 3,
      });
      return {
        peer: p,
        role: i % 2 ? 'sso' : 'machine',
        device: `LAPTOP-${i}`,
        assessment: assessPeer(p, net, SITES, AD_DOMAIN, FIXTURE_NOW),
      };
    });
    const message = tunnelView(
      {
        kind: 'peers',
        subject: { kind: 'user', user: { id: 'u', displayName: evil, userPrincipalName: 'a@b.c' } },
        peers: many,
        notes: ['a note'],
      },
      { now: FIXTURE_NOW, minNetbirdVersion: '0.61.0' },
    );
    expectValidCard(message.card);
    expect(JSON.stringify(message.card)).toContain('and 3 more peers');
    expect(JSON.stringify(message.card)).toContain('0.60.2 (below the minimum 0.61.0)');
    expect(message.text).toContain('LAPTOP-7: DC line of sight');
  });

  it('tunnel: the bare template with minimal data', () => {
    const p: TunnelPeerData = {
      name: 'x',
      verdict: 'DC line of sight: OK',
      verdictColor: 'Good',
      reasons: [],
      facts: [],
      path: [],
    };
    expectValidCard(
      tunnelCard({ title: 't', subtitle: 's', notes: [], peers: [p], more: '', connectedMeans: 'c', fallback: 'f' })
        .card,
    );
  });

  it('peer pick list: buttons carry the peer id, long lists are cut', () => {
    const candidates = Array.from({ length: 12 }, (_, i) => peer(`peer-${i}`, `LAPTOP-4${i}`, [GROUPS.all]));
    const message = tunnelView(
      { kind: 'choose', query: 'laptop-4', candidates },
      { now: FIXTURE_NOW, minNetbirdVersion: undefined },
    );
    expectValidCard(message.card);
    expect(JSON.stringify(message.card)).toContain('and 4 more: type more of the name');
    expectValidCard(peerPickCard({ title: 't', hint: 'h', candidates: [], more: '', fallback: 'f' }).card);
  });

  it('resets: from the real view, with every event kind, a cut list, no events, and a refusal', () => {
    const at = (h: number) => new Date(FIXTURE_NOW.getTime() - h * 3600_000).toISOString();
    const audit = (i: number, name: string, result = 'success'): DirectoryAudit => ({
      id: `e${i}`,
      activityDisplayName: name,
      activityDateTime: at(i),
      result,
      resultReason: result === 'failure' ? 'FuzzyPolicyViolationInvalidPassword' : '',
      loggedByService: 'Self-service Password Management',
      initiatedBy: { user: { userPrincipalName: `${evil}@contoso.com` } },
    });
    const laptop = peer('p', 'LAPTOP-42', [GROUPS.all], { last_seen: at(10) });
    const user = { id: 'u', displayName: 'Alice', userPrincipalName: 'alice@contoso.com' } as GraphUser;
    const events = Array.from({ length: 20 }, (_, i) => {
      const name = [
        'Reset password (self-service)',
        'Change password (self-service)',
        'Blocked from self-service password reset',
        'Unlock user account (self-service)',
      ][i % 4]!;
      const kind = (['reset', 'change', 'blocked', 'unlock'] as const)[i % 4]!;
      return {
        audit: audit(i, name, i === 5 ? 'failure' : 'success'),
        kind,
        succeeded: i !== 5,
        ...(kind === 'reset'
          ? { laptop: i < 10 ? { seen: false as const, peers: [laptop] } : { seen: true as const, peer: laptop } }
          : {}),
      };
    });
    const full = resetsView(
      {
        kind: 'events',
        user,
        since: new Date(at(24 * 30)),
        days: 30,
        events,
        peers: [{ peer: laptop, role: 'machine' }],
        notes: ['note'],
      },
      FIXTURE_NOW,
    );
    expectValidCard(full.card);
    expect(JSON.stringify(full.card)).toContain('and 5 more older events');
    expectValidCard(
      resetsView(
        { kind: 'events', user, since: new Date(at(24)), days: 1, events: [], peers: [], notes: [] },
        FIXTURE_NOW,
      ).card,
    );
    expectValidCard(resetsView({ kind: 'refused', user, reason: 'licence', days: 7, detail: 'x' }, FIXTURE_NOW).card);
    expectValidCard(
      resetsCard({ title: 't', subtitle: 's', laptops: 'l', empty: '', events: [], more: '', notes: [], fallback: 'f' })
        .card,
    );
  });

  it('report: items cut with "and N more", and the empty case', () => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      title: `Case ${i}`,
      subtitle: i % 2 ? '' : 'sub',
      color: 'Default' as const,
      facts: [fact(1), fact(2)],
    }));
    const full = reportCard({
      title: 'Open offboarding cases: 25',
      facts: [fact(0)],
      items,
      empty: 'none',
      max: 15,
      moreLabel: 'cases',
      notes: ['n'],
    });
    expectValidCard(full.card);
    expect(JSON.stringify(full.card)).toContain('and 10 more cases');
    expectValidCard(
      reportCard({
        title: 'Open offboarding cases: 0',
        items: [],
        empty: 'No open offboarding cases.',
        max: 15,
        moreLabel: 'x',
      }).card,
    );
  });

  it('offboard confirmation: with and without a reason', () => {
    for (const reason of ['', `moved on ${evil}`]) {
      const message = offboardConfirmCard({
        title: 'Offboard Alice?',
        facts: [fact(1)],
        steps: ['one', 'two'],
        userId: '4b1f6c2e-8a3d-4e5f-9b7a-2c6d8e0f1a3b',
        reason,
      });
      expectValidCard(message.card);
      expect((message.card.actions as { data: { reason?: string } }[])[0]!.data.reason).toBe(
        reason.replace('${', '$\u200B{'),
      );
    }
  });
});
