/** Gzip sizes of every script in a build under .output/, for `npm run size` and the bundle test. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  file: string;
  bytes: number;
  gzip: number;
  text: string;
}

/** Every .js file of `.output/<target>` with its raw and gzip size, largest first. */
export function bundleSizes(target: string): BundleSize[] {
  const root = path.resolve(import.meta.dirname, '..', process.env.DONENESS_OUT ?? '.output', target);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.js')) files.push(full);
    }
  };
  walk(root);
  return files
    .map((full) => {
      const buffer = readFileSync(full);
      return { file: path.relative(root, full), bytes: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length, text: buffer.toString('utf8') };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

/**
 * The content scripts of a build (one per site family, and the company domains' one), largest
 * first: a page loads one of them (a company domain page: `company.js` and one family's).
 */
export function contentScriptSizes(target: string): BundleSize[] {
  return bundleSizes(target).filter((s) => s.file.startsWith('content-scripts/') && s.file.endsWith('.js'));
}
