/** `npm run size`: prints the gzip size of each bundle of the Chrome and Firefox builds. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleSizes } from './bundle-sizes';

for (const target of ['chrome-mv3', 'firefox-mv3']) {
  if (!existsSync(path.resolve(import.meta.dirname, '..', process.env.DONENESS_OUT ?? '.output', target))) {
    console.log(`${target}: not built`);
    continue;
  }
  console.log(`${target}:`);
  for (const s of bundleSizes(target)) {
    console.log(`  ${s.file.padEnd(44)} ${(s.bytes / 1024).toFixed(1).padStart(8)} KB  ${(s.gzip / 1024).toFixed(1).padStart(7)} KB gzip`);
  }
}
