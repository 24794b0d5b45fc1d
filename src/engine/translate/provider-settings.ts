/**
 * Configured providers and what was spent with each, kept in the settings table under their own
 * keys (validated again when read; an unreadable value reads as none). The built-in sandbox
 * translator is always listed first when the composition root registered one.
 */
import { z } from 'zod';
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { ProviderConfig } from './providers/config.js';

const PROVIDERS_KEY = 'translate.providers';
const SPENT_KEY = 'translate.spent';

const Spent = z.record(z.string(), z.object({ characters: z.number().int().min(0) }));

function readKey(r: Reader, key: string): unknown {
  const row = r.first(qb.selectFrom('settings').select('value').where('key', '=', key));
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return undefined;
  }
}

function writeKey(w: Writer, key: string, value: unknown): void {
  const now = w.now();
  w.run(
    qb
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }),
      ),
  );
}

export function readProviders(r: Reader): ProviderConfig[] {
  const parsed = z.array(ProviderConfig).safeParse(readKey(r, PROVIDERS_KEY));
  return parsed.success ? parsed.data : [];
}

export function writeProviders(w: Writer, providers: readonly ProviderConfig[]): void {
  writeKey(w, PROVIDERS_KEY, providers);
}

export function readSpent(r: Reader): Record<string, { characters: number }> {
  const parsed = Spent.safeParse(readKey(r, SPENT_KEY));
  return parsed.success ? parsed.data : {};
}

export function addSpent(w: Writer, providerId: string, characters: number): void {
  const spent = readSpent(w);
  spent[providerId] = { characters: (spent[providerId]?.characters ?? 0) + characters };
  writeKey(w, SPENT_KEY, spent);
}

/**
 * The built-in sandbox translator's endpoint. engine/ may not import sandbox/, so the composition
 * root (cli/engine-compose.ts) registers a starter; the simulated provider starts at first use.
 */
export interface SandboxTranslatorEndpoint {
  baseUrl: string;
  key: string;
  close(): Promise<void>;
}

let sandboxStarter: (() => Promise<SandboxTranslatorEndpoint>) | null = null;
let sandboxEndpoint: Promise<SandboxTranslatorEndpoint> | null = null;

export function registerSandboxTranslator(start: () => Promise<SandboxTranslatorEndpoint>): void {
  sandboxStarter = start;
  sandboxEndpoint = null;
}

export function hasSandboxTranslator(): boolean {
  return sandboxStarter !== null;
}

export function sandboxTranslatorEndpoint(): Promise<SandboxTranslatorEndpoint> | null {
  if (!sandboxStarter) return null;
  sandboxEndpoint ??= sandboxStarter().catch((error: unknown) => {
    sandboxEndpoint = null;
    throw error;
  });
  return sandboxEndpoint;
}

/** Stops the sandbox translator if it was started (an engine shutting down); it restarts on use. */
export async function stopSandboxTranslator(): Promise<void> {
  const started = sandboxEndpoint;
  sandboxEndpoint = null;
  if (!started) return;
  try {
    await (await started).close();
  } catch {
    // It never started: nothing to stop.
  }
}

export const SANDBOX_PROVIDER_ID = 'sandbox';

/** The sandbox translator's configuration (its base URL is filled in when it starts). */
export function sandboxProviderConfig(baseUrl = 'http://127.0.0.1'): ProviderConfig {
  return {
    id: SANDBOX_PROVIDER_ID,
    kind: 'deepl',
    name: 'Sandbox translator (simulated DeepL)',
    baseUrl,
    pricePerMillionMinor: 2000,
    currency: 'EUR',
    sandbox: true,
  };
}
