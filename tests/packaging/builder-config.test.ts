/**
 * The packaging configuration, checked statically: installers cannot be built here (Electron's
 * runtime and the packaging tools are downloaded at build time), so CI proves instead that
 * electron-builder.yml is valid against electron-builder's own JSON schema, that every file it
 * names exists (icons at the sizes the platforms need, the build's outputs), that the fuses are
 * hardened and that `npm run package` uses it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// js-yaml comes with electron-builder (a dev dependency); only this test uses it.
const yaml = require('js-yaml') as { load(text: string): unknown };
const root = resolve(import.meta.dirname, '..', '..');

interface BuilderConfig {
  appId: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  publish: { provider: string; url: string };
  linux: { target: string[]; icon: string; files?: string[] };
  win: { target: string[]; icon: string; files?: string[] };
  mac: { target: string[]; icon: string; files?: string[] };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

function validator() {
  const schema = JSON.parse(
    readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
  ) as object;
  // The schema is generated from TypeScript and carries keywords Ajv does not know: not strict.
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1'), path).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s schema, which does refuse a wrong key', () => {
    const validate = validator();
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...config, electronFuse: { runAsNode: false } })).toBe(false);
    expect(validate({ ...config, electronFuses: { runAsNode: 'no' } })).toBe(false);
  });

  it('names icons that exist at the sizes each platform needs', () => {
    for (const platform of ['win', 'mac'] as const) {
      const [width, height] = pngSize(join(root, config[platform].icon));
      expect(width, platform).toBeGreaterThanOrEqual(512);
      expect(height, platform).toBe(width);
    }
    const linuxIcons = join(root, config.linux.icon);
    expect(statSync(linuxIcons).isDirectory()).toBe(true);
    const sizes = readdirSync(linuxIcons).map((name) => pngSize(join(linuxIcons, name))[0]);
    expect(sizes).toEqual(expect.arrayContaining([256, 512]));
    for (const name of readdirSync(linuxIcons)) {
      const [width] = pngSize(join(linuxIcons, name));
      expect(name).toBe(`${width}x${width}.png`);
    }
    expect(existsSync(join(root, config.directories.buildResources))).toBe(true);
  });

  it('packages what the build writes, with the app entry among it', () => {
    const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
    for (const output of [
      'dist/main/main.cjs',
      'dist/main/preload.cjs',
      'dist/engine/process.cjs',
    ]) {
      expect(build, output).toContain(`'${output}'`);
    }
    expect(build).toContain('dist/renderer');
    const included = config.files.filter((pattern) => !pattern.startsWith('!'));
    const covers = (path: string) =>
      included.some((pattern) =>
        pattern.endsWith('/**') ? path.startsWith(pattern.slice(0, -2)) : pattern === path,
      );
    expect(covers(manifest.main), manifest.main).toBe(true);
    expect(covers('dist/engine/process.cjs')).toBe(true);
    expect(covers('dist/renderer/index.html')).toBe(true);
    expect(covers('package.json')).toBe(true);
  });

  it('unpacks better-sqlite3’s native module, keeping only the target platform’s', () => {
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/prebuilds/*.node']);
    const prebuilds = join(root, 'node_modules', 'better-sqlite3', 'prebuilds');
    const platforms = new Set(
      readdirSync(prebuilds)
        .filter((name) => name.endsWith('.node'))
        .map((name) => name.replace(/-[^-]+\.node$/, '')),
    );
    const own: Record<'linux' | 'win' | 'mac', string[]> = {
      linux: ['linux', 'linuxmusl'],
      win: ['win32'],
      mac: ['darwin'],
    };
    for (const platform of ['linux', 'win', 'mac'] as const) {
      const dropped = (config[platform].files ?? [])
        .map((pattern) =>
          /^!node_modules\/better-sqlite3\/prebuilds\/\{([^}]+)\}-\*\.node$/.exec(pattern),
        )
        .flatMap((match) => (match ? match[1]!.split(',') : []));
      const kept = [...platforms].filter((name) => !dropped.includes(name));
      expect(kept.sort(), platform).toEqual([...own[platform]].sort());
    }
    // Of the target platform's, only the target architecture's.
    expect(config.files).toContain('!node_modules/better-sqlite3/prebuilds/!(*-${arch}).node');
  });

  it('hardens the fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds Linux AppImage and deb, Windows NSIS and macOS dmg, with a configurable update feed', () => {
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.publish).toMatchObject({
      provider: 'generic',
      url: '${env.SILKROUTE_UPDATE_URL}',
    });
    expect(manifest.scripts.package).toMatch(/electron-builder .*--config electron-builder\.yml/);
    // The updater and the log run in the packaged app: runtime dependencies, not dev ones.
    expect(Object.keys(manifest.dependencies)).toEqual(
      expect.arrayContaining(['electron-updater', 'electron-log']),
    );
  });
});
