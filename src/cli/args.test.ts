import { describe, expect, it } from 'vitest';
import { parseCommandLine, usage, UsageError } from './args.js';

const usageError = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseCommandLine', () => {
  it('reads each command with its options', () => {
    expect(parseCommandLine(['serve'])).toEqual({ kind: 'serve', dataDir: undefined, port: 0 });
    expect(parseCommandLine(['serve', '--port', '8080', '--data-dir', '/d'])).toEqual({
      kind: 'serve',
      dataDir: '/d',
      port: 8080,
    });
    expect(parseCommandLine(['demo', '--scale', '0.5', '--seed=7'])).toEqual({
      kind: 'demo',
      dataDir: undefined,
      scale: 0.5,
      seed: 7,
    });
    expect(parseCommandLine(['migrate', '--data-dir=/x'])).toEqual({
      kind: 'migrate',
      dataDir: '/x',
    });
  });

  it('takes --data-dir before the command too, the command’s own winning', () => {
    expect(parseCommandLine(['--data-dir', '/g', 'migrate'])).toEqual({
      kind: 'migrate',
      dataDir: '/g',
    });
    expect(parseCommandLine(['--data-dir=/g', 'migrate', '--data-dir', '/c'])).toEqual({
      kind: 'migrate',
      dataDir: '/c',
    });
  });

  it('answers --version and --help, per command too', () => {
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-v'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['serve', '--help'])).toEqual({ kind: 'help', command: 'serve' });
    expect(parseCommandLine(['--help', 'demo'])).toEqual({ kind: 'help', command: 'demo' });
    expect(parseCommandLine(['help', 'migrate'])).toEqual({ kind: 'help', command: 'migrate' });
  });

  it('refuses unknown commands and options with one clear line', () => {
    expect(usageError([]).message).toBe('missing command');
    expect(usageError(['srve']).message).toBe("unknown command 'srve'");
    expect(usageError(['help', 'nope']).message).toBe("unknown command 'nope'");
    const option = usageError(['serve', '--prot', '80']);
    expect(option.message).toBe("unknown option '--prot'");
    expect(option.command).toBe('serve');
    expect(usageError(['--colour', 'serve']).message).toBe("unknown option '--colour'");
    expect(usageError(['demo', '--port', '1']).message).toBe("unknown option '--port'");
    expect(usageError(['migrate', 'extra']).message).toMatch(/unexpected argument 'extra'/);
  });

  it('refuses bad values', () => {
    expect(usageError(['serve', '--port']).message).toMatch(/--port/);
    expect(usageError(['serve', '--port', '70000']).message).toMatch(/0 to 65535/);
    expect(usageError(['serve', '--port', '-1']).message).toMatch(/--port/);
    expect(usageError(['serve', '--port', '8o']).message).toMatch(/not '8o'/);
    expect(usageError(['demo', '--scale', '0']).message).toMatch(/above 0/);
    expect(usageError(['demo', '--scale', 'big']).message).toMatch(/--scale/);
    expect(usageError(['demo', '--seed', '1.5']).message).toMatch(/--seed/);
    expect(usageError(['demo', '--seed', '4294967296']).message).toMatch(/--seed/);
    expect(usageError(['migrate', '--data-dir', '']).message).toMatch(/folder path/);
  });
});

describe('usage', () => {
  it('documents every command and each command’s options', () => {
    expect(usage()).toMatch(/serve[\s\S]*demo[\s\S]*migrate/);
    expect(usage('serve')).toContain('--port N');
    expect(usage('demo')).toContain('--scale N');
    expect(usage('demo')).toContain('--seed N');
    expect(usage('migrate')).toContain('--data-dir D');
  });
});
