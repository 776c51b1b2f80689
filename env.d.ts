// Build-time switches read through import.meta.env (set as environment variables at build time).
interface ImportMetaEnv {
  /** "true" only in the Firefox e2e build: compiles in services/background/test-hooks.ts. */
  readonly WXT_TEST_HOOKS?: string;
}
