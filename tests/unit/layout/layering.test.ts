/**
 * The house's layering (README.md, Layout): every import points down. Each source folder has a
 * floor; a file may import from its own folder and from folders on lower floors, never from a
 * folder on its own floor or above. Tests, scripts and test support are exempt.
 *
 *   7  entrypoints/  cli/
 *   6  components/
 *   5  content/  services/
 *   4  sites/
 *   3  protocol/
 *   2  lib/
 *   1  storage/
 *
 * Inside services/, the contexts (background/, pages/, worker/) do not import one another; all
 * may import services/shared/. A page starts its worker with Vite's `?worker` import: wiring
 * between contexts, not a use of the worker's code, so it is not counted.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The floor of each top-level source folder. */
export const FLOORS: Record<string, number> = {
  storage: 1,
  lib: 2,
  protocol: 3,
  sites: 4,
  content: 5,
  services: 5,
  components: 6,
  entrypoints: 7,
  cli: 7,
};

/** Folders of services/ that stand for a context; they may use services/shared/ only. */
const SERVICE_CONTEXTS = ['background', 'pages', 'worker'];

/** Every .ts/.tsx file under `dir` (relative to the repository), tests left out. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The relative module specifiers a file imports or re-exports (static and dynamic). */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (const m of text.matchAll(pattern)) specs.push(m[2]);
  return specs;
}

/** The top-level folder (and services/ context) of a path relative to the repository. */
function placeOf(rel: string): { top: string; context: string | null } {
  const [top, second] = rel.split(path.sep);
  return { top, context: top === 'services' && second && SERVICE_CONTEXTS.includes(second) ? second : null };
}

/** Why importing `to` from `from` breaks the layering, or null when it does not. */
export function violation(from: string, to: string): string | null {
  const a = placeOf(from);
  const b = placeOf(to);
  if (!(a.top in FLOORS) || !(b.top in FLOORS)) return `${to} is outside the house`;
  if (a.top === b.top) {
    if (a.context && b.context && a.context !== b.context) return `services/${a.context} imports services/${b.context}`;
    return null;
  }
  if (FLOORS[b.top] >= FLOORS[a.top]) return `${a.top}/ (floor ${FLOORS[a.top]}) imports ${b.top}/ (floor ${FLOORS[b.top]})`;
  return null;
}

describe('layering', () => {
  it('every import points down the house', () => {
    const problems: string[] = [];
    const files = Object.keys(FLOORS).flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      for (const spec of importsOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
        const target = path.normalize(path.join(path.dirname(file), spec.split('?')[0]));
        // Data files (the English catalogue the command line reads) sit outside the layers.
        if (target.startsWith('public' + path.sep) || spec.endsWith('?worker')) continue;
        const why = violation(file, target);
        if (why) problems.push(`${file} → ${spec}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('knows an upward import when it sees one', () => {
    expect(violation('storage/model.ts', 'components/Badge')).toMatch(/floor 1\) imports components/);
    expect(violation('sites/index.ts', 'content/page-badges')).not.toBeNull();
    expect(violation('content/page-badges.ts', 'services/pages/ui')).not.toBeNull();
    expect(violation('services/pages/ui.ts', 'services/background/handlers')).toMatch(/services\/pages imports services\/background/);
    expect(violation('services/pages/ui.ts', 'services/shared/panel')).toBeNull();
    expect(violation('components/Badge.tsx', 'content/badge-view')).toBeNull();
    expect(importsOf(`import a from '../x';\nexport { b } from "./y";\nconst c = import('../z?worker');\nimport './side';`)).toEqual(['../x', './y', '../z?worker', './side']);
  });
});
