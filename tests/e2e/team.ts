/**
 * Two or more Chromium profiles in one team, for the team sync e2e tests (sync.e2e.ts,
 * team-sync.e2e.ts): profiles that may reach the local server, the dashboard's sync form filled
 * as a person does, and the demo talk page's threads as thread refs.
 *
 * The server's host permission: Chromium shows its prompt as a native dialog that automation
 * cannot click, so each profile is given the grant the way an earlier "Allow" leaves it (in the
 * profile's Preferences) before the browser starts; the dashboard's own permissions.request()
 * then resolves at once, exactly as it does for a person who allowed the server before.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PAGES, launch, openExtensionPage, type Launched } from './harness';
import type { Annotation } from '../../storage/schema';

export const TALK = DEMO_PAGES[0];
const expected = JSON.parse(readFileSync(TALK.file.replace(/\.html$/, '.expected.json'), 'utf8')) as {
  result: { threads: Array<{ key: string; title: string; url: string }> };
};
/** The demo talk page's threads, as detect finds them. */
export const threads = expected.result.threads;
export type TalkThread = (typeof threads)[number];
/** The id of the heading a thread's badge sits in. */
export const anchorOf = (url: string) => decodeURIComponent(url.slice(url.indexOf('#') + 1));
/** A talk-page thread as the side panel sends it with an edit. */
export const refOf = (t: TalkThread) => ({
  key: t.key,
  site: 'mediawiki' as const,
  title: t.title,
  url: t.url,
  native: { state: null, replies: null, participants: null, lastActivity: null },
});

/** Starts a profile whose earlier "Allow" for 127.0.0.1 (any port) is on record. */
export async function launchGranted(): Promise<Launched> {
  const first = await launch();
  const { extensionId, profileDir } = first;
  await first.context.close();
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8'));
  const settings = prefs.extensions.settings[extensionId];
  const origins = ['http://127.0.0.1/*'];
  for (const key of ['granted_permissions', 'active_permissions']) settings[key].explicit_host = origins;
  settings.runtime_granted_permissions = { api: [], explicit_host: origins, manifest_permissions: [], scriptable_host: [] };
  writeFileSync(file, JSON.stringify(prefs));
  const launched = await launch({ profileDir });
  // The harness refuses all other network; the team server on 127.0.0.1 is allowed.
  await launched.context.route((url) => url.hostname === '127.0.0.1', (route) => route.continue());
  return launched;
}

/** Fills the dashboard's sync form and saves it; resolves once the first pass succeeded. */
export async function setUpSync(launched: Launched, url: string, user: string, dashboard?: Page): Promise<Page> {
  dashboard ??= await openExtensionPage(launched, 'options.html');
  await dashboard.getByLabel('Server address', { exact: true }).fill(url);
  await dashboard.getByLabel('Database', { exact: true }).fill('team');
  await dashboard.getByLabel('User name', { exact: true }).fill(user);
  await dashboard.getByLabel('Password', { exact: true }).fill(`${user}-pw`);
  await dashboard.getByRole('button', { name: 'Test connection' }).click();
  await dashboard.locator('[data-verdict="ok"]').waitFor({ timeout: 10_000 });
  assert.match(await dashboard.locator('[data-verdict]').innerText(), new RegExp(`Signed in as ${user}`));
  await dashboard.getByRole('button', { name: 'Save sync settings' }).click();
  await dashboard.getByText(/^Last sync:/).waitFor({ timeout: 15_000 });
  return dashboard;
}

/** One stored annotation of a profile (tombstones included), read from IndexedDB by one of its pages. */
export function storedAnnotation(extensionPage: Page, key: string): Promise<Annotation | undefined> {
  return extensionPage.evaluate(
    (k) =>
      new Promise<Annotation | undefined>((resolve, reject) => {
        const request = indexedDB.open('doneness');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const read = db.transaction('annotations').objectStore('annotations').get(k);
          read.onsuccess = () => {
            db.close();
            resolve(read.result as Annotation | undefined);
          };
          read.onerror = () => reject(read.error);
        };
      }),
    key,
  );
}
