/**
 * The built content scripts stay cheap: no Dexie (IndexedDB stays out of pages), no zod, Preact or
 * webextension-polyfill, and each at most 25 KB gzip (issue 7: the figure `bundle-content-gz` of
 * `npm run bench` is the largest). There is one per site family, and the company domains' small
 * one (issue 16). Reads the Chrome build that `npm test` makes before this suite.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SITE_FAMILIES, contentScriptFile } from '../../protocol/keys';
import { bundleSizes, contentScriptSizes } from '../../scripts/bundle-sizes';

describe('bundles', () => {
  const sizes = bundleSizes('chrome-mv3');
  const contents = contentScriptSizes('chrome-mv3');

  it('has a content script per site family and the company one', () => {
    assert.deepEqual(
      contents.map((s) => s.file).sort(),
      [...SITE_FAMILIES.map((f) => contentScriptFile(f)), contentScriptFile('company')].sort(),
    );
  });

  it('declares each family script for its hosts only, and the company one for none', () => {
    const manifest = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../..', process.env.DONENESS_OUT ?? '.output', 'chrome-mv3', 'manifest.json'), 'utf8'),
    ) as { content_scripts: Array<{ js: string[]; matches: string[] }>; host_permissions?: string[] };
    const declared = manifest.content_scripts.flatMap((c) => c.js).sort();
    assert.deepEqual(declared, SITE_FAMILIES.map((f) => contentScriptFile(f)).sort());
    for (const c of manifest.content_scripts) assert.equal(c.js.length, 1, JSON.stringify(c));
    assert.equal(manifest.host_permissions, undefined);
  });

  for (const content of contents) {
    it(`keeps Dexie out of ${content.file}`, () => {
      assert.equal(content.text.includes('Dexie'), false);
      assert.equal(/indexedDB\.open/.test(content.text), false);
    });

    it(`keeps zod, Preact and the polyfill out of ${content.file}`, () => {
      assert.equal(content.text.includes('$ZodType'), false, 'zod');
      assert.equal(/\.__[kv]\b/.test(content.text), false, 'preact');
      assert.equal(content.text.includes('message port closed before a response'), false, 'webextension-polyfill');
    });

    it(`keeps ${content.file} under 25 KB gzip`, () => {
      assert.ok(content.gzip <= 25 * 1024, `${content.gzip} bytes gzip`);
    });
  }

  it('ships no test hooks and no eval in the build people install', () => {
    for (const bundle of sizes) {
      assert.equal(bundle.text.includes('doneness.test/open'), false, `${bundle.file} contains test hooks`);
      assert.equal(/\beval\(|new Function\(/.test(bundle.text), false, `${bundle.file} evaluates strings`);
    }
  });
});
