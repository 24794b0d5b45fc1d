/**
 * Doyensec Electronegativity over the Electron side (src/main, src/preload), as part of `npm test`.
 * The tool always exits 0 and its SARIF carries no severity (only `note`/`warning`), so it is run
 * through its JS API: it writes the SARIF report (reports/electronegativity-*.sarif, for CI) and
 * returns the same findings with their severity. The gate fails on any finding of MEDIUM or above.
 * A reviewed false positive is suppressed the tool's documented way, an inline
 * `eng-disable <CHECK_ID>` comment beside the code with the reason above it — never by lowering
 * the threshold. A planted insecure window shows the gate does catch what it should.
 *
 * Offline, the tool warns that it cannot fetch translations or Electron's release list; the
 * Electron version is given, so neither is needed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { value: number; name: string };
  confidence: { name: string };
}
interface RunnerOptions {
  input: string;
  output: string;
  isSarif: boolean;
  customScan: string[];
  excludeFromScan: string[];
  severitySet: undefined;
  confidenceSet: undefined;
  isRelative: boolean;
  isVerbose: boolean;
  electronUpgrade: undefined;
  electronVersionOverride: string;
  parserPlugins: string[];
}
type Runner = (
  options: RunnerOptions,
  forCli: boolean,
) => Promise<{ issues: Issue[]; errors: { file: string; message: string }[] }>;
interface Sarif {
  runs: {
    results: {
      ruleId: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
      }[];
    }[];
  }[];
}

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..', '..');
const MEDIUM = 2;

function electronVersion(): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return manifest.devDependencies.electron!.replace(/^[^\d]*/, '');
}

let run: Runner;
const reports = join(root, 'reports');
const scratch = mkdtempSync(join(tmpdir(), 'silkroute-eng-'));

beforeAll(async () => {
  // Babel-built CommonJS: the function is the export itself (module.exports = exports.default).
  const init = require('@doyensec/electronegativity/dist/locales/i18n.js') as () => Promise<void>;
  await init(); // defines the global `__` the runner's messages use
  run = require('@doyensec/electronegativity') as Runner;
  mkdirSync(reports, { recursive: true });
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The tool writes its report with a callback it does not wait for: read once it is whole. */
async function readWhenWritten(path: string): Promise<Sarif> {
  for (let attempt = 0; ; attempt++) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Sarif;
    } catch (error) {
      if (attempt >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Scans a folder; returns the SARIF results joined with each finding's severity. */
async function scan(input: string, sarifPath: string) {
  const result = await run(
    {
      input,
      output: sarifPath,
      isSarif: true,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion(),
      parserPlugins: [],
    },
    false,
  );
  const sarif = await readWhenWritten(sarifPath);
  const results = sarif.runs.flatMap((entry) => entry.results);
  // The SARIF is the report CI keeps; it must say exactly what the API returned, in order.
  expect(results.map((entry) => entry.ruleId)).toEqual(result.issues.map((issue) => issue.id));
  return {
    errors: result.errors,
    findings: results.map((entry, index) => {
      const where = entry.locations[0]!.physicalLocation;
      const issue = result.issues[index]!;
      return {
        rule: entry.ruleId,
        at: `${where.artifactLocation.uri}:${where.region.startLine}`,
        severity: issue.severity,
      };
    }),
  };
}

const blocking = <T extends { severity: { value: number } }>(findings: T[]): T[] =>
  findings.filter((finding) => finding.severity.value >= MEDIUM);

describe('Electronegativity', () => {
  it('finds nothing of medium severity or above in src/main and src/preload', async () => {
    // One scan over both, so its global checks (CSP, navigation limits, permission handler) see
    // the whole Electron side, as they would in the packaged app.
    const electronSide = join(scratch, 'electron');
    for (const folder of ['main', 'preload']) {
      cpSync(join(root, 'src', folder), join(electronSide, folder), { recursive: true });
    }
    const { errors, findings } = await scan(electronSide, join(reports, 'electronegativity.sarif'));
    expect(errors).toEqual([]);
    // The scan did read the code (low-severity notes are expected and allowed).
    expect(findings.length).toBeGreaterThan(0);
    expect(
      blocking(findings).map(
        (finding) => `${finding.severity.name} ${finding.rule} at ${finding.at}`,
      ),
    ).toEqual([]);
  }, 120_000);

  it('fails the gate on an insecure window', async () => {
    const dir = join(scratch, 'insecure');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'window.js'),
      "const { BrowserWindow } = require('electron');\n" +
        'module.exports = () => new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n',
    );
    const { findings } = await scan(dir, join(scratch, 'insecure.sarif'));
    const rules = blocking(findings).map((finding) => finding.rule);
    expect(rules).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(rules).toContain('SANDBOX_JS_CHECK');
    // Its global checks miss the CSP and the navigation and permission guards src/main has.
    expect(rules).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
  }, 120_000);
});
