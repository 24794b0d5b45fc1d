/**
 * The CLI as a user runs it: a child process (through tsx, so no build is needed), its exit code
 * and its output. Each test gets its own data folder and a HOME that is not the real one.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');
const entry = join(repoRoot, 'src', 'cli', 'main.ts');
const scratch = mkdtempSync(join(tmpdir(), 'silkroute-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
const freshDir = () => join(scratch, `data-${++folders}`);
const env = {
  PATH: process.env.PATH,
  HOME: scratch,
  XDG_CONFIG_HOME: join(scratch, 'config'),
};

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: repoRoot, env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('usage errors exit 2 with one clear line and a hint', () => {
  it.each([
    [['serve', '--prot', '80'], "silkroute serve: unknown option '--prot'"],
    [['launch'], "silkroute: unknown command 'launch'"],
    [[], 'silkroute: missing command'],
    [
      ['demo', '--scale', 'lots'],
      "silkroute demo: --scale must be a number above 0 and up to 2000, not 'lots'",
    ],
  ])('%j', async (args, message) => {
    const outcome = await cli(args);
    expect(outcome.code).toBe(2);
    const lines = outcome.stderr.trim().split('\n');
    expect(lines[0]).toBe(message);
    expect(lines[1]).toMatch(/^Run 'silkroute( \w+)? --help' for usage\.$/);
    expect(lines).toHaveLength(2);
    expect(outcome.stdout).toBe('');
  });
});

describe('--version and --help', () => {
  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    const outcome = await cli(['--version']);
    expect(outcome).toMatchObject({ code: 0, stdout: `silkroute ${version}\n` });
  });

  it('prints general and per-command help', async () => {
    const general = await cli(['--help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toContain('Usage: silkroute [--data-dir D] <command>');
    const serve = await cli(['serve', '--help']);
    expect(serve.code).toBe(0);
    expect(serve.stdout).toContain('Usage: silkroute serve [--port N] [--data-dir D]');
  });
});

describe('runtime failures exit 1', () => {
  it('reports a data folder that cannot be created', async () => {
    const file = join(scratch, 'not-a-folder');
    writeFileSync(file, 'x');
    const outcome = await cli(['migrate', '--data-dir', join(file, 'inside')]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^silkroute migrate: .+/);
  });
});

describe('migrate and demo', () => {
  it('migrate creates the store in a new folder', async () => {
    const dataDir = join(freshDir(), 'nested');
    const outcome = await cli(['migrate', '--data-dir', dataDir]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(existsSync(join(dataDir, 'silkroute.db'))).toBe(true);
    expect(outcome.stdout).toContain(dataDir);
  });

  it('demo fills the folder', async () => {
    const dataDir = freshDir();
    const outcome = await cli(['demo', '--scale', '0.05', '--seed', '3', '--data-dir', dataDir]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(
      /^Demo data written to .+silkroute\.db: 10 shops, \d+ SKUs, \d+ listings, \d+ orders\.\n$/,
    );
  });
});

describe('serve', () => {
  it('opens an empty folder on the sandbox shops, prints its URL, answers, and stops cleanly on SIGTERM', async () => {
    const dataDir = freshDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, 'serve', '--port', '0', '--data-dir', dataDir],
      {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
    });
    expect(stdout).toContain(
      'No shops yet: opening on the built-in sandbox shops (simulated Amazon, eBay, AliExpress, Wish and Shopee; no credentials needed). Their first sync runs in the background.',
    );
    expect(
      stdout
        .trim()
        .split('\n')
        .filter((line) => line.includes(url)),
    ).toHaveLength(1);

    const address = new URL(url);
    const token = address.searchParams.get('token') ?? '';
    type Accounts = { marketplace: string; sandbox: boolean; listingCount: number }[];
    const listAccounts = async (): Promise<Accounts> => {
      const response = await fetch(new URL('/api/accounts.list', address), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(200);
      const frame = (await response.json()) as { ok: boolean; value: Accounts };
      expect(frame.ok).toBe(true);
      return frame.value;
    };
    // The sandbox accounts exist as soon as the URL is printed; their first pulls fill them in
    // the background, page by page.
    const accounts = await listAccounts();
    expect(accounts.map((account) => account.marketplace).sort()).toEqual([
      'aliexpress',
      'amazon',
      'ebay',
      'shopee',
      'wish',
    ]);
    expect(accounts.every((account) => account.sandbox)).toBe(true);
    const listed = (list: Accounts) => list.reduce((sum, account) => sum + account.listingCount, 0);
    let listingCount = listed(accounts);
    for (let attempt = 0; listingCount === 0 && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      listingCount = listed(await listAccounts());
    }
    expect(listingCount).toBeGreaterThan(0);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped on SIGTERM; the store is closed.');
    // The first pull runs at the simulated shop's real rate limit (10 requests per second).
  }, 60_000);

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const dataDir = freshDir();
      await cli(['demo', '--scale', '0.05', '--data-dir', dataDir]);
      const outcome = await cli(['serve', '--port', String(port), '--data-dir', dataDir]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});

describe('sandbox', () => {
  it('starts the simulated Shopee shop, which refuses an unsigned call the way Shopee does', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, 'sandbox', '--items', '20', '--orders', '10'],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match?.[1] && stdout.includes('Ctrl+C')) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`sandbox exited early (${code})`)));
    });
    expect(stdout).toContain('20 items, 10 orders');
    expect(stdout).toMatch(/one-time authorisation code: \S+/);

    const response = await fetch(`${baseUrl}/api/v2/shop/get_shop_info?partner_id=1&timestamp=1`);
    const body = (await response.json()) as { error?: string; request_id?: string };
    expect(body.error).toBeTruthy();
    expect(body.request_id).toBeTruthy();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad count with exit 2', async () => {
    const outcome = await cli(['sandbox', '--items', '0']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("--items must be a whole number from 1 to 100000, not '0'");
  });
});
