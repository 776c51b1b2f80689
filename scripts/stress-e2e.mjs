#!/usr/bin/env node
// Runs e2e suites again and again while every core is kept busy, to find tests that pass or
// fail by chance (issue 19). Usage:
//
//   node scripts/stress-e2e.mjs [--runs N] [--load N] [--keep-going] [suite files…]
//
//   --runs N      runs of the whole list in a row (default 10)
//   --load N      busy `node -e` loops to start, one per core by default; 0 runs without load
//   --keep-going  go on after a failed run (default: stop at the first failure, keep its log)
//   suite files   default: every Chromium suite, tests/e2e/*.e2e.ts except firefox*
//
// Both builds must exist (`npx wxt build && npx wxt build -b firefox`: the security suite reads the
// Firefox manifest too; DONENESS_OUT picks the folder, as for the harness). Each run's output goes to tmp/stress/run-<n>.log; the
// script prints one line per run (with the machine's one-minute load average sampled every 5 s
// during it, and each suite's time), and the counts at the end, and exits non-zero when any run
// failed. The busy loops are started and stopped by this script, by their own pids.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  if (at === -1) return fallback;
  const [, value] = args.splice(at, 2);
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${name} needs a whole number`);
  return Number(value);
}
const runs = option('--runs', 10);
const load = option('--load', availableParallelism());
const keepGoing = args.includes('--keep-going');
const suites = args.filter((a) => !a.startsWith('--'));
const files = suites.length
  ? suites
  : readdirSync('tests/e2e')
      .filter((f) => f.endsWith('.e2e.ts') && !f.startsWith('firefox'))
      .sort()
      .map((f) => `tests/e2e/${f}`);

const buildDir = process.env.DONENESS_OUT ?? '.output';
const missing = ['chrome-mv3', 'firefox-mv3'].filter((b) => !existsSync(`${buildDir}/${b}/manifest.json`));
if (missing.length) {
  console.error(`no build in ${missing.map((b) => `${buildDir}/${b}`).join(', ')}: run npx wxt build && npx wxt build -b firefox`);
  process.exit(2);
}
mkdirSync('tmp/stress', { recursive: true });

/** The busy loops: one `node -e` each, killed by pid when the script ends (however it ends). */
const busy = [];
function startLoad() {
  for (let i = 0; i < load; i++) {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    busy.push(child);
  }
  if (load) console.log(`load: ${load} busy loop(s), pids ${busy.map((c) => c.pid).join(' ')}`);
}
function stopLoad() {
  for (const child of busy.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  }
}
process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopLoad();
    process.exit(130);
  });
}

/** The one-minute load averages seen, as `min–max (mean)`. */
function loadSummary(samples) {
  if (!samples.length) return 'n/a';
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return `${Math.min(...samples).toFixed(1)}–${Math.max(...samples).toFixed(1)} (mean ${mean.toFixed(1)})`;
}
const allLoad = [];

/** One run of the suites; resolves to its test counts, how long it took and each suite's seconds. */
function runOnce(n) {
  const started = Date.now();
  const samples = [loadavg()[0]];
  const sampler = setInterval(() => samples.push(loadavg()[0]), 5000);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', '--test-force-exit', '--test-reporter=tap', ...files],
      { env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The log grows as the run goes, so a long run can be watched (tail -f tmp/stress/run-<n>.log).
    const log = `tmp/stress/run-${n}.log`;
    writeFileSync(log, '');
    let out = '';
    const take = (d) => {
      out += d;
      appendFileSync(log, d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => {
      clearInterval(sampler);
      allLoad.push(...samples);
      // Top-level test points are the suites (describe blocks), with their own duration.
      const suiteSeconds = [...out.matchAll(/^(?:not )?ok \d+ - (.*)\n\s*---\n\s*duration_ms: ([\d.]+)/gm)].map(
        ([, name, ms]) => `${name} ${(Number(ms) / 1000).toFixed(0)}`,
      );
      // Test points only (not suites, not skipped ones), as scripts/test.mjs counts them.
      let pass = 0;
      let fail = 0;
      const failedNames = [];
      for (const [, not, rest, yaml] of out.matchAll(/^\s*(not )?ok \d+ - (.*)\n(?:\s*---\n([\s\S]*?)\n\s*\.\.\.)?/gm)) {
        if (/# SKIP/.test(rest)) continue;
        // A suite counts only when it failed by itself (a hook or its body), not by its tests.
        if (/type: 'suite'/.test(yaml ?? '') && (!not || /failureType: 'subtestsFailed'/.test(yaml))) continue;
        if (not) {
          fail += 1;
          failedNames.push(rest);
        } else pass += 1;
      }
      resolve({
        ok: code === 0 && fail === 0 && pass > 0,
        pass,
        fail,
        failedNames,
        seconds: (Date.now() - started) / 1000,
        load: loadSummary(samples),
        suiteSeconds,
      });
    });
  });
}

console.log(`${runs} run(s) of ${files.length} suite(s): ${files.join(' ')}`);
startLoad();
let passedRuns = 0;
let failedRuns = 0;
let tests = 0;
let failedTests = 0;
for (let n = 1; n <= runs; n++) {
  const r = await runOnce(n);
  tests += r.pass + r.fail;
  failedTests += r.fail;
  if (r.ok) passedRuns += 1;
  else failedRuns += 1;
  console.log(
    `run ${n}/${runs}: ${r.ok ? 'passed' : 'FAILED'} (${r.pass} passed, ${r.fail} failed, ${r.seconds.toFixed(0)} s, load ${r.load})` +
      `\n  suites (s): ${r.suiteSeconds.join(', ')}` +
      (r.failedNames.length ? `\n  failed: ${r.failedNames.join('\n  failed: ')}\n  log: tmp/stress/run-${n}.log` : ''),
  );
  if (!r.ok && !keepGoing) break;
}
stopLoad();
console.log(
  `stress: ${passedRuns} of ${passedRuns + failedRuns} run(s) passed, ${failedRuns} failed; ` +
    `${tests - failedTests} test(s) passed, ${failedTests} failed; load ${load} busy loop(s) on ${availableParallelism()} core(s), ` +
    `one-minute load average ${loadSummary(allLoad)}`,
);
process.exit(failedRuns === 0 && passedRuns === runs ? 0 : 1);
