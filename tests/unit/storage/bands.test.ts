/**
 * Band colours (issue 18, build 4): they progress one way with no red or orange for a normal
 * middle state, and white badge text on each keeps WCAG AA contrast (4.5:1) on light and dark
 * pages alike (the badge carries its own background).
 */
import { describe, expect, it } from 'vitest';
import { BANDS, BAND_COLOURS } from '../../../storage/bands';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
const luminance = (hex: string) => {
  const [r, g, b] = rgb(hex).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
function hueAndSaturation(hex: string): [number, number] {
  const [r, g, b] = rgb(hex);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const s = max === 0 ? 0 : d / max;
  if (d === 0) return [0, 0];
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [(h * 60 + 360) % 360, s];
}

describe('band colours', () => {
  it('keep 4.5:1 with the white badge text', () => {
    for (const band of BANDS) expect(contrast(BAND_COLOURS[band], '#ffffff'), band).toBeGreaterThanOrEqual(4.5);
  });

  it('never use an alarm hue (red to orange) and are all different', () => {
    for (const band of BANDS) {
      const [hue, saturation] = hueAndSaturation(BAND_COLOURS[band]);
      const alarming = saturation > 0.3 && (hue < 30 || hue > 330);
      expect(alarming, `${band} ${BAND_COLOURS[band]} hue ${hue.toFixed(0)}`).toBe(false);
    }
    expect(new Set(Object.values(BAND_COLOURS)).size).toBe(BANDS.length);
  });

  it('go from grey (Raw) through warm to cool to green (Baked): hues after Mixing only move towards green', () => {
    const [, rawSaturation] = hueAndSaturation(BAND_COLOURS.raw);
    expect(rawSaturation).toBeLessThan(0.3);
    const hues = (['baking', 'nearly', 'baked'] as const).map((b) => hueAndSaturation(BAND_COLOURS[b])[0]);
    // blue (≈215°) → teal (≈175°) → green (≈140°): one way, no turning back.
    expect(hues[0]).toBeGreaterThan(hues[1]);
    expect(hues[1]).toBeGreaterThan(hues[2]);
  });
});
