import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Extension manifest and build settings. Permissions are the fewest that work: no broad host
// permission; content scripts are declared per site family for the hosts in sites/hosts.ts.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // Content scripts run on every matching page, so they stay small (issue 7): they get the
    // browser's own promise-based API (Chrome MV3 and Firefox both have one for what they use;
    // content/runtime.ts adapts onMessage) instead of webextension-polyfill. So does the picker
    // script injected into pages with picked discussions: it only sends one message, and every
    // page with picked discussions would load and start the polyfill for it.
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((e) => e.type === 'content-script' || e.name === 'picker')) return;
      const alias = { 'wxt/browser': '@wxt-dev/browser' };
      const current = config.resolve?.alias;
      config.resolve = {
        ...config.resolve,
        alias: Array.isArray(current)
          ? [{ find: 'wxt/browser', replacement: '@wxt-dev/browser' }, ...current]
          : { ...(current as Record<string, string> | undefined), ...alias },
      };
      // Terser in two passes makes the content script about 4% smaller gzip than esbuild's
      // minifier does (24.0 against 25.0 KB), under the 25 KB goal with room to spare. Extension
      // pages and the background keep the faster esbuild.
      config.build = { ...config.build, minify: 'terser', terserOptions: { compress: { passes: 2 } } };
    },
  },
  imports: false,
  // DONENESS_OUT lets parallel builds (several engineers on one machine) use separate folders.
  outDir: process.env.DONENESS_OUT ?? '.output',
  // Manifest V3 for both browsers: one background model (event-driven) and storage.session.
  manifestVersion: 3,
  zip: { excludeSources: ['tmp/**', 'screenshots/**', 'test-results/**', '.ci/**'] },
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
    build: {
      sourcemap: false,
      rollupOptions: {
        // zod ships comments Rollup cannot place; the warning is noise, the output is unaffected.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'unlimitedStorage',
      'contextMenus',
      // Team sync passes run on alarms (services/background/sync.ts): no long-lived loop in the worker.
      'alarms',
      // Company domains register the content script at run time; "Annotate this page" injects it
      // into the current tab only, through the user's click (services/shared/domains.ts, annotate-page.ts).
      'scripting',
      'activeTab',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
      // Test-only builds (WXT_TEST_HOOKS=true, services/background/test-hooks.ts) read tab URLs.
      ...(process.env.WXT_TEST_HOOKS === 'true' ? ['tabs'] : []),
    ],
    // Origins asked for at run time only: a team's sync server, company domains.
    optional_host_permissions: ['*://*/*'],
    action: { default_title: '__MSG_extName__' },
    // Keyboard commands (services/background/commands.ts); people can change the keys in the browser.
    commands: {
      'open-side-panel': { suggested_key: { default: 'Alt+Shift+D' }, description: '__MSG_cmdOpenPanel__' },
      'annotate-page': { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_cmdAnnotatePage__' },
      // The fourth and last suggested key Chrome allows (Alt+Shift+P got no key in Chromium: the e2e checks).
      'pick-discussion': { suggested_key: { default: 'Alt+Shift+U' }, description: '__MSG_cmdPickDiscussion__' },
      // Not Alt+Shift+A: Chromium leaves that one unassigned (it reserves it), so the command had no key.
      // The toolbar popup from the keyboard (also how the domains e2e opens the real popup).
      _execute_action: { suggested_key: { default: 'Alt+Shift+O' } },
    },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'doneness@doneness.invalid',
              strict_min_version: '140.0',
              // Doneness collects nothing: annotations stay in the profile unless a team syncs them.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads the declaration from 142 on (desktop from 140).
            gecko_android: { strict_min_version: '142.0' },
          }
        : undefined,
  }),
});
