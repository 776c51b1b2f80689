// The store listing in docs/store/ (made by `npm run screenshots`) is complete and current:
// 1280×800 screenshots of the badges, the side panel and the dashboard, the 128 px icon the
// extension ships, and a listing per locale of public/_locales whose descriptions are the
// locale's own (so an edited description without a new listing fails here).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const STORE = path.join(ROOT, 'docs', 'store');
const LOCALES = path.join(ROOT, 'public', '_locales');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('store listing (docs/store)', () => {
  it('has 1280×800 screenshots of the badges, the side panel and the dashboard', () => {
    for (const name of ['screenshot-1-badges.png', 'screenshot-2-side-panel.png', 'screenshot-3-dashboard.png']) {
      expect(existsSync(path.join(STORE, name)), name).toBe(true);
      expect(pngSize(path.join(STORE, name)), name).toEqual({ width: 1280, height: 800 });
    }
  });

  it('has the 128 px icon the extension ships', () => {
    const icon = path.join(STORE, 'icon-128.png');
    expect(pngSize(icon)).toEqual({ width: 128, height: 128 });
    expect(readFileSync(icon).equals(readFileSync(path.join(ROOT, 'public', 'icon', '128.png')))).toBe(true);
  });

  const locales = readdirSync(LOCALES).sort();
  it('covers English and German', () => expect(locales).toEqual(expect.arrayContaining(['en', 'de'])));

  for (const locale of locales) {
    it(`has the current short and long description of ${locale}`, () => {
      const messages = JSON.parse(readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
      const short = messages.extDescription.message;
      const long = messages.storeLongDescription.message;
      // The Chrome Web Store takes the manifest description as the summary: 132 characters at most.
      expect(short.length).toBeLessThanOrEqual(132);
      expect(long.length).toBeGreaterThan(short.length);
      const listing = readFileSync(path.join(STORE, `listing.${locale}.md`), 'utf8');
      expect(listing).toContain(`## Short description\n\n${short}\n`);
      expect(listing).toContain(`## Long description\n\n${long}\n`);
    });
  }
});
