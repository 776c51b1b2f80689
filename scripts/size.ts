/**
 * `npm run size`: prints the gzip size of each bundle of the Chrome and Firefox builds, then each
 * content script against the 25 KB goal (`bundle-content-gz` is the largest of them).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleSizes, contentScriptSizes } from './bundle-sizes';

const GOAL_KB = 25;

for (const target of ['chrome-mv3', 'firefox-mv3']) {
  if (!existsSync(path.resolve(import.meta.dirname, '..', process.env.DONENESS_OUT ?? '.output', target))) {
    console.log(`${target}: not built`);
    continue;
  }
  console.log(`${target}:`);
  for (const s of bundleSizes(target)) {
    console.log(`  ${s.file.padEnd(44)} ${(s.bytes / 1024).toFixed(1).padStart(8)} KB  ${(s.gzip / 1024).toFixed(1).padStart(7)} KB gzip`);
  }
  const scripts = contentScriptSizes(target);
  console.log(`  content scripts (a page loads one; goal ${GOAL_KB} KB gzip each):`);
  for (const s of scripts) {
    console.log(`    ${s.file.padEnd(42)} ${(s.gzip / 1024).toFixed(1).padStart(7)} KB gzip  ${s.gzip <= GOAL_KB * 1024 ? 'ok' : 'OVER'}`);
  }
  if (scripts[0]) console.log(`  largest: ${scripts[0].file} ${(scripts[0].gzip / 1024).toFixed(1)} KB gzip`);
}
