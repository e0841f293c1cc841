import { describe, expect, it } from 'vitest';
import { wantsDemo } from '../../local/demo-mode.js';

describe('npm start: demo or real', () => {
  it('runs the demo tenant only when no NetBird or Graph setting is given, unless DEMO says otherwise', () => {
    expect(wantsDemo({})).toBe(true);
    expect(wantsDemo({ PORT: '7071', LOG_LEVEL: 'debug' })).toBe(true);
    expect(wantsDemo({ NETBIRD_API_URL: 'https://nb' })).toBe(false);
    expect(wantsDemo({ GRAPH_CLIENT_SECRET: 'x' })).toBe(false);
    expect(wantsDemo({ DEMO: '0' })).toBe(false);
    expect(wantsDemo({ NETBIRD_API_URL: 'https://nb', DEMO: '1' })).toBe(true);
  });
});
