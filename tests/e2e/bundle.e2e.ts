/**
 * The built content script stays cheap: no Dexie (IndexedDB stays out of pages), no zod, Preact or
 * webextension-polyfill, and at most 25 KB gzip (issue 7: the figure `bundle-content-gz` of
 * `npm run bench`). Reads the Chrome build that `npm test` makes before this suite.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundleSizes } from '../../scripts/bundle-sizes';

describe('bundles', () => {
  const sizes = bundleSizes('chrome-mv3');
  const content = sizes.find((s) => s.file.startsWith('content-scripts/'));

  it('has a content script', () => assert.ok(content, JSON.stringify(sizes.map((s) => s.file))));

  it('keeps Dexie out of the content script', () => {
    assert.equal(content!.text.includes('Dexie'), false);
    assert.equal(/indexedDB\.open/.test(content!.text), false);
  });

  it('keeps zod, Preact and the polyfill out of the content script', () => {
    assert.equal(content!.text.includes('$ZodType'), false, 'zod');
    assert.equal(/\.__[kv]\b/.test(content!.text), false, 'preact');
    assert.equal(content!.text.includes('message port closed before a response'), false, 'webextension-polyfill');
  });

  it('ships no test hooks and no eval in the build people install', () => {
    for (const bundle of sizes) {
      assert.equal(bundle.text.includes('doneness.test/open'), false, `${bundle.file} contains test hooks`);
      assert.equal(/\beval\(|new Function\(/.test(bundle.text), false, `${bundle.file} evaluates strings`);
    }
  });

  it('keeps the content script under 25 KB gzip', () => {
    assert.ok(content!.gzip <= 25 * 1024, `${content!.gzip} bytes gzip`);
  });
});
