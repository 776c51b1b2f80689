import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: WXT's fake browser, happy-dom for DOM code, fake-indexeddb for Dexie.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}', 'sites/**/*.test.ts', 'storage/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    testTimeout: 20000,
  },
});
