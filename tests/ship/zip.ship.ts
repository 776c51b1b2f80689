/**
 * The store packages of `npm run zip` (run it first; `npm test` does): the Chrome and the
 * Firefox zip each hold a manifest of package.json's version, no source maps and none of the
 * test hooks (services/…/test-hooks.ts, compiled in only when WXT_TEST_HOOKS=true); and the
 * Firefox sources zip, unpacked in a fresh folder and built as a reviewer at addons.mozilla.org
 * would (`wxt build -b firefox`, with this checkout's node_modules linked in rather than
 * installed again), gives the same files, byte for byte, as the Firefox zip.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { OUT, PACKAGE, ROOT, permissionsOf, readZip, type Manifest } from './support';

const zipName = (kind: string) => path.join(OUT, `${PACKAGE.name}-${PACKAGE.version}-${kind}.zip`);

/** What marks the test hooks in built code: the hook URL prefix, read from their source. */
const HOOK_FILE = (readdirSync(path.join(ROOT, 'services'), { recursive: true }) as string[]).find((f) => path.basename(f) === 'test-hooks.ts');
const HOOK_SOURCE = HOOK_FILE ? readFileSync(path.join(ROOT, 'services', HOOK_FILE), 'utf8') : '';
const HOOK_PREFIX = /const HOOK_PREFIX = '([^']+)'/.exec(HOOK_SOURCE)?.[1];
/** The one permission only the test build asks for (wxt.config.ts). */
const TEST_ONLY_PERMISSION = /WXT_TEST_HOOKS === 'true' \? \['(\w+)'\]/.exec(readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8'))?.[1];

/** Lists the files under `dir`, relative, with `/` separators. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

const cleanup: string[] = [];
after(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('store packages', () => {
  it('knows what the test hooks look like', () => {
    assert.ok(HOOK_PREFIX && HOOK_PREFIX.length > 10, `HOOK_PREFIX found in services/${HOOK_FILE}`);
    assert.ok(TEST_ONLY_PERMISSION, 'the test-only permission found in wxt.config.ts');
  });

  for (const browser of ['chrome', 'firefox']) {
    it(`${browser} zip: manifest of version ${PACKAGE.version}, no source maps, no test hooks`, async () => {
      const file = zipName(browser);
      assert.ok(existsSync(file), `${file} exists (npm run zip)`);
      const files = await readZip(file);
      const manifestBytes = files.get('manifest.json');
      assert.ok(manifestBytes, 'manifest.json at the top of the zip');
      const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
      assert.equal(manifest.version, PACKAGE.version);
      assert.ok([...files.keys()].some((f) => f.endsWith('.js')), 'the zip holds scripts');
      for (const [name, bytes] of files) {
        assert.doesNotMatch(name, /\.map$/, `no source map: ${name}`);
        if (!/\.(js|mjs|css|html)$/.test(name)) continue;
        const text = bytes.toString('utf8');
        assert.doesNotMatch(text, /[#@] sourceMappingURL=/, `no source map reference in ${name}`);
        assert.ok(!text.includes(HOOK_PREFIX!), `no test hooks in ${name}`);
        assert.ok(!text.includes('WXT_TEST_HOOKS'), `no WXT_TEST_HOOKS in ${name}`);
      }
      assert.ok(!permissionsOf(manifest).some((p) => p.name === TEST_ONLY_PERMISSION), `no "${TEST_ONLY_PERMISSION}" permission`);
    });
  }

  it('the Firefox sources zip builds to the same files as the Firefox zip', { timeout: 15 * 60_000 }, async () => {
    const sourcesZip = zipName('sources');
    assert.ok(existsSync(sourcesZip), `${sourcesZip} exists (npm run zip)`);
    const sources = await readZip(sourcesZip);
    assert.ok(sources.has('package.json') && sources.has('package-lock.json') && sources.has('wxt.config.ts'), 'sources hold the project files');
    assert.ok(![...sources.keys()].some((f) => f.startsWith('node_modules/') || f.startsWith('tmp/')), 'no node_modules or tmp in the sources');

    const dir = mkdtempSync(path.join(tmpdir(), 'doneness-sources-'));
    cleanup.push(dir);
    for (const [name, bytes] of sources) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), bytes);
    }
    // A reviewer runs `npm ci`; the same locked packages are already here: link them.
    const linked = spawnSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
    if (linked.status !== 0) symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
    delete env.DONENESS_OUT;
    delete env.WXT_TEST_HOOKS;
    const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: dir, env, encoding: 'utf8', timeout: 14 * 60_000 });
    assert.equal(build.status, 0, `wxt build -b firefox in the unpacked sources: ${build.stdout}\n${build.stderr}`);

    const built = path.join(dir, '.output', 'firefox-mv3');
    const packaged = await readZip(zipName('firefox'));
    const builtFiles = listFiles(built).sort();
    assert.deepEqual(builtFiles, [...packaged.keys()].sort(), 'the same file list');
    for (const name of builtFiles) {
      assert.ok(statSync(path.join(built, name)).isFile());
      assert.ok(readFileSync(path.join(built, name)).equals(packaged.get(name)!), `the same bytes: ${name}`);
    }
  });
});
