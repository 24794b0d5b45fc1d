#!/usr/bin/env node
// `npm test`: every check the project has, in one run. Static checks first (typecheck both
// projects, lint, format), then the unit/integration suite, then a build and the end-to-end suite in
// real Chromium. Every step runs even when an earlier one fails, so one run shows everything that is
// wrong. Test counts come from the runners' JSON reports (reports/*.json); the last line is the plain
// `tests: N passed, M failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const skipE2e = process.argv.includes('--no-e2e');
const steps = [];

function run(name, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
    ...options,
  });
  const ok = result.status === 0;
  steps.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

const npx = (args) => ['npx', ['--no-install', ...args]];

run('typecheck', ...npx(['tsc', '-b']));
run('lint', ...npx(['eslint', '.']));
run('format', ...npx(['prettier', '--check', '.', '--log-level', 'warn']));
run(
  'unit',
  ...npx([
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, 'unit.json')}`,
  ]),
);
if (!skipE2e) {
  if (run('build', 'node', ['scripts/build.mjs'])) {
    run(
      'e2e',
      ...npx([
        'vitest',
        'run',
        '--config',
        'vitest.e2e.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${join(reports, 'e2e.json')}`,
      ]),
    );
  }
}

function countsFrom(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that failed to load (syntax error, missing import) has no test results but must count.
  const brokenSuites = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenSuites,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of ['unit', 'e2e']) {
  const counts = countsFrom(join(reports, `${suite}.json`));
  const step = steps.find((s) => s.name === suite);
  if (!counts) {
    // The runner never wrote its report (crashed, or its prerequisite failed): one failure.
    if (step || (suite === 'e2e' && !skipE2e)) failed += 1;
    continue;
  }
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  if (step && !step.ok && counts.failed === 0) failed += 1; // runner failed outside any test
}
// Static checks count as one test each: a type error or lint error fails the run like a test does.
for (const step of steps) {
  if (['typecheck', 'lint', 'format', 'build'].includes(step.name)) {
    if (step.ok) passed += 1;
    else failed += 1;
  }
}

console.log('\nSteps:');
for (const step of steps)
  console.log(`  ${step.ok ? '✓' : '✗'} ${step.name} (${step.seconds.toFixed(1)} s)`);
const summary = `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
console.log(summary);
process.exitCode = failed === 0 && steps.every((s) => s.ok) ? 0 : 1;
