// Every unit test gets a fresh in-memory IndexedDB and WXT's fake browser.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setFallbackCatalogue } from '../../lib/i18n';
import en from '../../public/_locales/en/messages.json';

// Outside a browser, UI strings come from the English catalogue.
setFallbackCatalogue(en);

beforeEach(() => {
  fakeBrowser.reset();
});

// happy-dom has no layout, and its IntersectionObserver never reports: without it the content
// script treats every badge anchor as near the viewport (tests of laziness install their own).
delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
if (typeof window !== 'undefined') delete (window as { IntersectionObserver?: unknown }).IntersectionObserver;
