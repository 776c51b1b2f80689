/**
 * `bundle-content-gz` (issue 7): what a page pays to download and parse our content script,
 * against what it pays for the Hypothesis client's in-page part. There is one content script per
 * site family and a page loads one (a company domain page also the small `company.js`): the
 * figure is the largest, and each is printed. Gzip at level 9, as `npm run size` measures. Reads
 * an existing Chrome build (`DONENESS_OUT`, else `.output`) and builds nothing itself: the bench
 * runner builds first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './figure';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Gzip size (level 9) of a file, in KB. */
function gzipKb(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

/** The content script against the Hypothesis annotator bundle (npm package `hypothesis`). */
export const bundleBench: Figure = {
  names: ['bundle-content-gz'],
  async run() {
    const out = process.env.DONENESS_OUT ?? '.output';
    const dir = path.resolve(ROOT, out, 'chrome-mv3', 'content-scripts');
    const scripts = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')) : [];
    if (scripts.length === 0) throw new Error(`bundle-content-gz: no content script in ${dir}; build first (DONENESS_OUT=${out} npx wxt build)`);
    const sizes = scripts.map((file) => ({ file, kb: gzipKb(path.join(dir, file)) })).sort((a, b) => b.kb - a.kb);
    const require = createRequire(import.meta.url);
    const hypothesisDir = path.dirname(require.resolve('hypothesis/package.json'));
    const theirs = path.join(hypothesisDir, 'build', 'scripts', 'annotator.bundle.js');
    const version = (JSON.parse(readFileSync(path.join(hypothesisDir, 'package.json'), 'utf8')) as { version: string }).version;
    const value = sizes[0].kb;
    return [
      {
        name: 'bundle-content-gz',
        value,
        baseline: gzipKb(theirs),
        unit: 'KB',
        maxRatio: 0.45,
        against: `Hypothesis ${version} annotator.bundle.js, gzip -9 (ours: the largest content script, ${sizes[0].file})`,
        alsoMet: [{ goal: 'at most 25 KB, each', ok: value <= 25, measured: `${value.toFixed(1)} KB (${sizes[0].file})` }],
        details: sizes.map((s) => `${s.file} ${s.kb.toFixed(1)} KB`).join(', '),
      },
    ];
  },
};
