/**
 * The builds people install stay locked down (docs/security.md). Both manifests: a strict Content
 * Security Policy with no remote or evaluated code, no `externally_connectable` (web pages cannot
 * message the extension), no host permission at install, and HTML pages that load only the
 * extension's own scripts. The content script, which runs inside web pages: no way to turn text
 * into markup. Reads the Chrome and Firefox builds `npm test` makes first.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bundleSizes } from '../../scripts/bundle-sizes';

const OUTPUT = path.resolve(import.meta.dirname, '..', '..', process.env.DONENESS_OUT ?? '.output');

for (const target of ['chrome-mv3', 'firefox-mv3']) {
  describe(`${target} manifest`, () => {
    const dir = path.join(OUTPUT, target);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

    it('puts extension pages under a strict CSP: own scripts only, no eval, no remote hosts', () => {
      const csp = (manifest.content_security_policy as { extension_pages?: string } | undefined)?.extension_pages;
      assert.ok(csp, 'content_security_policy.extension_pages is set');
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...sources]) => [name, sources] as const),
      );
      assert.deepEqual(directives.get('script-src'), ["'self'"], csp);
      assert.deepEqual(directives.get('object-src'), ["'self'"], csp);
      assert.equal(/unsafe-eval|unsafe-inline|https?:|\*/.test(csp), false, csp);
    });

    it('lets no web page or other extension connect (no externally_connectable)', () => {
      assert.equal('externally_connectable' in manifest, false);
    });

    it('asks for no host permission at install', () => {
      assert.deepEqual((manifest.host_permissions as unknown[] | undefined) ?? [], []);
    });

    it('loads only its own scripts in its pages, none inline', () => {
      const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
      assert.ok(pages.length >= 3, JSON.stringify(pages));
      for (const page of pages) {
        const html = readFileSync(path.join(dir, page), 'utf8');
        for (const [tag, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
          const src = /\bsrc=["']?([^"'\s>]+)/i.exec(attributes)?.[1];
          assert.ok(src, `${page}: inline script ${tag.slice(0, 80)}`);
          assert.equal(body.trim(), '', `${page}: script with a body`);
          assert.ok(!/^([a-z]+:)?\/\//i.test(src), `${page}: remote script ${src}`);
          assert.ok(existsSync(path.join(dir, src.replace(/^\//, ''))), `${page}: ${src} is in the package`);
        }
      }
    });
  });
}

describe('content script', () => {
  it('has no HTML sink: text from pages is never parsed as markup', () => {
    const scripts = bundleSizes('chrome-mv3').filter((s) => s.file.startsWith('content-scripts/'));
    assert.ok(scripts.length > 0);
    for (const script of scripts) {
      const sinks = script.text.match(/\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|parseFromString|document\.write)\b/g);
      assert.equal(sinks, null, `${script.file} uses ${sinks?.join(', ')}`);
    }
  });
});
