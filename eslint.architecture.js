// The dependency direction (ARCHITECTURE.md) as lint rules: the core (shared/) never imports the
// edges (bot/, cards/, functions/, local/) or botbuilder; cards/ never imports bot/, functions/ or
// local/. No import plugin is installed, so each zone is ESLint's own `no-restricted-imports`
// with one pattern per folder depth: a relative path climbs exactly as many folders as the file
// is deep to reach the repository root (cards/waves/x.ts: '../bot/…' is cards/bot, allowed;
// '../../bot/…' is the bot, refused). test/architecture/imports.test.ts proves each zone fires.
const ZONES = [
  {
    from: 'shared',
    edges: ['bot', 'cards', 'functions', 'local'],
    why: 'The core (shared/) returns data and never imports bot/, cards/, functions/ or local/: hand a view to the Teams port (shared/teams/sender.ts) and render it in cards/ (ARCHITECTURE.md).',
  },
  {
    from: 'cards',
    edges: ['bot', 'functions', 'local'],
    why: "cards/ turns the core's data into cards and never imports bot/, functions/ or local/ (ARCHITECTURE.md).",
  },
];
const PACKAGES = ['botbuilder', 'botbuilder-*', 'botframework-*'];
const MAX_DEPTH = 8;

export const architectureZones = ZONES.flatMap((zone) =>
  Array.from({ length: MAX_DEPTH }, (_, i) => ({
    files: [`${zone.from}/${'*/'.repeat(i)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: `^(\\./)?(\\.\\./){${i + 1}}(${zone.edges.join('|')})(/|$)`, message: zone.why },
            { group: PACKAGES, message: `Only bot/ talks to botbuilder. ${zone.why}` },
          ],
        },
      ],
    },
  })),
);
