/**
 * The layering in ARCHITECTURE.md is enforced by ESLint zones; this proves the zones actually fire
 * (an unresolved `.js` → `.ts` import once silently disabled them all).
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The probes are virtual files, unknown to the TypeScript project service: lint them without types.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [{ ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] }],
});

async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(fatal.message);
  return messages
    .filter(
      (message) =>
        message.ruleId === 'import-x/no-restricted-paths' ||
        message.ruleId === 'no-restricted-imports',
    )
    .map((message) => message.message);
}

describe('import zones', () => {
  it.each([
    [
      'src/renderer/probe.ts',
      "import { openEngine } from '../engine/service/engine.js';\nexport const x = openEngine;\n",
    ],
    [
      'src/shared/probe.ts',
      "import { openStore } from '../engine/store/index.js';\nexport const x = openStore;\n",
    ],
    [
      'src/connectors/probe.ts',
      "import { openStore } from '../engine/store/index.js';\nexport const x = openStore;\n",
    ],
    [
      'src/sandbox/probe.ts',
      "import { createLogger } from '../shared/log.js';\nexport const x = createLogger;\n",
    ],
    [
      'src/preload/probe.ts',
      "import { resolveDataDir } from '../engine/data-dir.js';\nexport const x = resolveDataDir;\n",
    ],
    ['src/engine/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    [
      'src/renderer/probe2.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    ],
  ])('refuses the forbidden import in %s', async (filePath, code) => {
    expect(await zoneErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    [
      'src/renderer/probe.ts',
      "import { formatMoney } from '../shared/money.js';\nexport const x = formatMoney;\n",
    ],
    [
      'src/engine/probe.ts',
      "import { createLogger } from '../shared/log.js';\nexport const x = createLogger;\n",
    ],
  ])('allows the permitted import in %s', async (filePath, code) => {
    expect(await zoneErrors(filePath, code)).toEqual([]);
  });
});
