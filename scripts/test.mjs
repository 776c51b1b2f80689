#!/usr/bin/env node
// `npm test`: type check, unit tests, both builds, web-ext lint, the store packages and their
// checks, and the real-browser suites.
// Every step runs even when an earlier one fails; the last line sums them all as
// `N passed, N failed` (a step without its own test count counts as one check).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';

// Reports go to a folder per build folder, so engineers testing side by side do not mix counts.
const reports = `tmp/reports-${(process.env.DONENESS_OUT ?? '.output').replace(/[^\w.-]/g, '_')}`;
mkdirSync(reports, { recursive: true });
/** Longest any one step may run (the whole CI run has 90 minutes). */
const STEP_LIMIT_MS = 25 * 60 * 1000;
let passed = 0;
let failed = 0;
const failures = [];

function run(name, command, args, count, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  // No step may hang CI: each gets at most STEP_LIMIT_MS, then counts as failed.
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    timeout: STEP_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) console.log(`=== ${name}: ${result.error.message}`);
  const ok = result.status === 0;
  const counted = count?.();
  if (counted) {
    passed += counted.passed;
    failed += counted.failed;
    if (!ok && counted.failed === 0) failed += 1; // the runner failed without a failing test
  } else if (ok) passed += 1;
  else failed += 1;
  if (!ok) failures.push(name);
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function vitestCount() {
  if (!existsSync(`${reports}/vitest.json`)) return null;
  const report = JSON.parse(readFileSync(`${reports}/vitest.json`, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests };
}

function tapCount(file) {
  return () => {
    if (!existsSync(file)) return null;
    const text = readFileSync(file, 'utf8');
    if (/^# pass \d+/m.test(text)) {
      return { passed: Number(/^# pass (\d+)/m.exec(text)[1]), failed: Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) };
    }
    // --test-force-exit can end the run before the reporter writes its "# pass" summary: count
    // the test points themselves, leaving out suites and skipped tests.
    let passed = 0;
    let failed = 0;
    for (const [, not, rest, yaml] of text.matchAll(/^\s*(not )?ok \d+ - (.*)\n(?:\s*---\n([\s\S]*?)\n\s*\.\.\.)?/gm)) {
      if (/type: 'suite'/.test(yaml ?? '') || /# SKIP/.test(rest)) continue;
      if (not) failed += 1;
      else passed += 1;
    }
    return { passed, failed };
  };
}

const only = process.argv.slice(2);
const want = (step) => only.length === 0 || only.includes(step);

if (want('typecheck')) run('typecheck', 'npx', ['tsc', '--noEmit']);
if (want('unit')) {
  rmSync(`${reports}/vitest.json`, { force: true });
  run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${reports}/vitest.json`], vitestCount);
}
if (want('build')) {
  run('build:firefox', 'npx', ['wxt', 'build', '-b', 'firefox']);
  run('build:chrome', 'npx', ['wxt', 'build']);
  // The Firefox e2e build: the same code plus services/background/test-hooks.ts, in its own folder.
  run('build:firefox (e2e hooks)', 'npx', ['wxt', 'build', '-b', 'firefox'], undefined, {
    WXT_TEST_HOOKS: 'true',
    DONENESS_OUT: process.env.DONENESS_FF_OUT ?? `${process.env.DONENESS_OUT ?? '.output'}-fftest`,
  });
}
const out = process.env.DONENESS_OUT ?? '.output';
if (want('lint')) {
  // Mozilla's own linter on the Firefox build, as addons.mozilla.org runs it: errors fail the
  // step, warnings do not (Preact's unused innerHTML path is one).
  run('web-ext lint (Firefox build)', 'npx', ['web-ext', 'lint', '--source-dir', `${out}/firefox-mv3`, '--no-config-discovery']);
}
if (want('ship')) {
  // The store packages, then the checks on them and on docs/privacy.md (tests/ship).
  run('zip', 'npm', ['run', 'zip']);
  rmSync(`${reports}/ship.tap`, { force: true });
  run(
    'store packages and privacy statement',
    'node',
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${reports}/ship.tap`,
      ...readdirSync('tests/ship').filter((f) => f.endsWith('.ship.ts')).sort().map((f) => `tests/ship/${f}`)],
    tapCount(`${reports}/ship.tap`),
  );
}
if (want('e2e')) {
  rmSync(`${reports}/e2e.tap`, { force: true });
  run(
    'e2e (Chromium)',
    'node',
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', '--test-force-exit',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${reports}/e2e.tap`,
      ...readdirSync('tests/e2e').filter((f) => f.endsWith('.e2e.ts') && !f.startsWith('firefox')).sort().map((f) => `tests/e2e/${f}`)],
    tapCount(`${reports}/e2e.tap`),
  );
}
if (want('e2e-firefox')) {
  rmSync(`${reports}/e2e-firefox.tap`, { force: true });
  run(
    'e2e (Firefox)',
    'node',
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', '--test-force-exit',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${reports}/e2e-firefox.tap`,
      ...readdirSync('tests/e2e').filter((f) => f.startsWith('firefox') && f.endsWith('.e2e.ts')).sort().map((f) => `tests/e2e/${f}`)],
    tapCount(`${reports}/e2e-firefox.tap`),
  );
}

if (failures.length) console.log(`\nfailed steps: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failures.length === 0 ? 0 : 1);
