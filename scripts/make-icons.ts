/**
 * Draws the Teams app icons with pngjs, so they can be regenerated and reviewed as code:
 * - color.png, 192×192: the glyph in white on the accent colour (Teams' full-colour icon);
 * - outline.png, 32×32: the glyph in white on a transparent background (Teams requires white
 *   and transparent only).
 * The glyph: a tunnel arch over a key-hole dot, for "line of sight to a domain controller".
 * https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons
 * Run: `npx tsx scripts/make-icons.ts` (writes appPackage/color.png and appPackage/outline.png).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

export const ACCENT = '#1F5FAD';

type Rgba = [number, number, number, number];

function hex(color: string): Rgba {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

/** Whether the point (u, v) of the unit square is on the glyph (drawIcon samples 4×4 per pixel for smooth edges). */
function glyph(u: number, v: number): boolean {
  const cx = 0.5;
  // The arch: a thick half ring, open at the bottom, from its centre at (0.5, 0.58).
  const dx = u - cx;
  const dy = v - 0.58;
  const r = Math.hypot(dx, dy);
  const arch = (dy <= 0 && r >= 0.27 && r <= 0.4) || (dy > 0 && dy <= 0.2 && Math.abs(Math.abs(dx) - 0.335) <= 0.065);
  // The key-hole: a dot and a short stem inside the arch.
  const dot = Math.hypot(u - cx, v - 0.5) <= 0.085;
  const stem = Math.abs(u - cx) <= 0.035 && v >= 0.5 && v <= 0.72;
  return arch || dot || stem;
}

export function drawIcon(size: number, background: Rgba | undefined, foreground: Rgba, margin: number): PNG {
  const png = new PNG({ width: size, height: size });
  const inner = size * (1 - 2 * margin);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const u = (x + (sx + 0.5) / 4 - size * margin) / inner;
          const v = (y + (sy + 0.5) / 4 - size * margin) / inner;
          if (u >= 0 && u <= 1 && v >= 0 && v <= 1 && glyph(u, v)) hits++;
        }
      const a = hits / 16;
      const i = (y * size + x) * 4;
      const bg: Rgba = background ?? [foreground[0], foreground[1], foreground[2], 0];
      // Over a background: blend the colours. Transparent: keep white and let alpha carry the edge.
      for (let c = 0; c < 3; c++)
        png.data[i + c] = background ? Math.round(bg[c]! * (1 - a) + foreground[c]! * a) : foreground[c]!;
      png.data[i + 3] = background ? 255 : Math.round(255 * a);
    }
  }
  return png;
}

export function colorIcon(): Buffer {
  return PNG.sync.write(drawIcon(192, hex(ACCENT), [255, 255, 255, 255], 0.16));
}

export function outlineIcon(): Buffer {
  return PNG.sync.write(drawIcon(32, undefined, [255, 255, 255, 255], 0.06));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = new URL('../appPackage/', import.meta.url);
  writeFileSync(new URL('color.png', dir), colorIcon());
  writeFileSync(new URL('outline.png', dir), outlineIcon());
  console.log('wrote appPackage/color.png (192×192) and appPackage/outline.png (32×32)');
}
