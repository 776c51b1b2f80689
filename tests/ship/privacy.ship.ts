/**
 * docs/privacy.md explains every permission the built extension asks for: each permission,
 * optional permission, host permission and optional host permission of the Chrome and the
 * Firefox manifest has its own line in the permissions table, with a reason, and the table names
 * nothing the manifests do not ask for; each host the content script is declared for has its
 * line in the content-script table. Run after the build (`npm test` does).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, builtManifest, contentScriptHosts, permissionsOf } from './support';

const DOC = readFileSync(path.join(ROOT, 'docs', 'privacy.md'), 'utf8');
const manifests = { chrome: builtManifest('chrome-mv3'), firefox: builtManifest('firefox-mv3') };

/** The rows of the Markdown table whose header row's first cell is `header`: cells per row. */
function table(header: string): string[][] {
  const lines = DOC.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${header}\\s*\\|`).test(l));
  assert.notEqual(start, -1, `docs/privacy.md has a table headed "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
  }
  return rows;
}

/** Table rows keyed by the code span of their first cell (`storage` → its row). */
function byName(rows: string[][]): Map<string, string[]> {
  const named = new Map<string, string[]>();
  for (const row of rows) {
    const name = /^`([^`]+)`$/.exec(row[0])?.[1];
    assert.ok(name, `first cell ${row[0]} is one permission in backticks`);
    assert.ok(!named.has(name), `${name} has one line, not two`);
    named.set(name, row);
  }
  return named;
}

describe('privacy statement and the built manifests', () => {
  const permissionRows = byName(table('permission'));
  const hostRows = byName(table('content script host'));

  for (const [browser, manifest] of Object.entries(manifests)) {
    it(`explains every permission of the ${browser} build`, () => {
      const asked = permissionsOf(manifest);
      assert.ok(asked.length > 0, 'the manifest asks for permissions');
      for (const { name, kind } of asked) {
        const row = permissionRows.get(name);
        assert.ok(row, `docs/privacy.md does not explain the ${kind} "${name}" of the ${browser} build`);
        assert.ok(row[row.length - 1].length >= 20, `the line for "${name}" says why`);
        if (kind.startsWith('optional')) assert.match(row[1], /optional/, `"${name}" is marked optional`);
        else assert.doesNotMatch(row[1], /optional/, `"${name}" is not marked optional`);
      }
    });

    it(`names every content-script host of the ${browser} build`, () => {
      for (const host of contentScriptHosts(manifest)) {
        assert.ok(hostRows.has(host), `docs/privacy.md does not name the content-script host ${host} of the ${browser} build`);
      }
    });
  }

  it('names no permission or host that neither build asks for', () => {
    const asked = new Set(Object.values(manifests).flatMap((m) => permissionsOf(m).map((p) => p.name)));
    for (const name of permissionRows.keys()) assert.ok(asked.has(name), `docs/privacy.md explains "${name}", which no build asks for`);
    const hosts = new Set(Object.values(manifests).flatMap(contentScriptHosts));
    for (const host of hostRows.keys()) assert.ok(hosts.has(host), `docs/privacy.md names the host ${host}, which no build declares`);
  });
});
