/**
 * Where the installed package lives and which version it is. Found by walking up from this file to
 * Silkroute's own package.json, which works the same from src/cli (tsx) and dist/cli (the bundle).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const PackageJson = z.object({ name: z.string(), version: z.string() });

export interface PackageInfo {
  root: string;
  version: string;
}

export function findPackage(from: string = dirname(fileURLToPath(import.meta.url))): PackageInfo {
  let folder = from;
  for (;;) {
    const file = join(folder, 'package.json');
    if (existsSync(file)) {
      const parsed = PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success && parsed.data.name === 'silkroute') {
        return { root: folder, version: parsed.data.version };
      }
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`Silkroute's package.json was not found above ${from}`);
    folder = parent;
  }
}
