/**
 * Settings, one row per key holding JSON. Stored values are validated again when read (a value
 * written by another version, or by hand, must not break the app): an invalid one reads as its
 * default.
 */
import { SettingsPatch } from '../../../shared/api/contract.js';
import type { Settings } from '../../../shared/api/types.js';
import { qb } from '../compiler.js';
import type { Reader, Writer } from '../connection.js';

export function defaultSettings(): Settings {
  return {
    locale: 'en',
    theme: 'system',
    homeCurrency: 'USD',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    syncSchedule: '30 7 * * *',
  };
}

const KEYS = Object.keys(SettingsPatch.shape) as (keyof Settings)[];

export function readSettings(r: Reader): Settings {
  const settings = defaultSettings();
  const rows = r.all(qb.selectFrom('settings').select(['key', 'value']).where('key', 'in', KEYS));
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value) as unknown;
    } catch {
      // An unreadable value reads as its default.
    }
  }
  for (const key of KEYS) {
    if (!(key in stored)) continue;
    const parsed = SettingsPatch.shape[key].safeParse(stored[key]);
    if (parsed.success && parsed.data !== undefined)
      Object.assign(settings, { [key]: parsed.data });
  }
  return settings;
}

/** Writes the given keys (already validated); one statement per key, in the caller's transaction. */
export function writeSettings(w: Writer, patch: Partial<Settings>): void {
  const now = w.now();
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    w.run(
      qb
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_at: now })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    );
  }
}
