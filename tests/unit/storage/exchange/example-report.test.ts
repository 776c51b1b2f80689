// docs/example-report.md is the report of the demo data: it fails when the exporter's output for
// that data (on a fixed day) no longer matches the committed file. To update the file, run
// `node --import tsx tests/support/example-report.ts`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { demoAnnotations } from '../../../support/demo-stories';
import { EXAMPLE_NOW, EXAMPLE_REPORT, exampleReport } from '../../../support/example-report';

describe('docs/example-report.md', () => {
  it('is what the Markdown export gives for the demo data', () => {
    expect(readFileSync(EXAMPLE_REPORT, 'utf8'), 'run: node --import tsx tests/support/example-report.ts').toBe(exampleReport());
  });

  it('reads as plain text: no backslash escapes, every demo discussion named', () => {
    const text = exampleReport();
    expect(text).not.toContain('\\');
    // Rendered: each demo discussion is one link, its title as typed.
    const root = document.createElement('div');
    root.innerHTML = new MarkdownIt().render(text);
    const links = [...root.querySelectorAll('a')].map((a) => a.textContent);
    expect(links.sort()).toEqual(demoAnnotations(EXAMPLE_NOW.getTime()).map((a) => a.title).sort());
    expect(root.querySelectorAll('h3')).toHaveLength(6);
    for (const title of ['Office move: which day for the team offsite?', 'Do we squash-merge documentation PRs?']) expect(text).toContain(title);
    expect(text).toContain('Viva Engage (Yammer) · Mixing, 25 % · due for review since November 25, 2026');
    expect(text).not.toMatch(/\byammer\b/);
  });
});
