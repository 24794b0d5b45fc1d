/**
 * Fault injection for fake marketplaces. Each request draws one fault from the configured rates
 * (seeded, so a run is reproducible in the absence of concurrency): added latency, an injected
 * throttle answer, a 5xx, a dropped connection (before the request is processed) or a truncated
 * body (after it was processed, as when a proxy cuts a reply). Counters say what was injected.
 */
import { createRandom, type Random } from './random.js';

export interface FaultSettings {
  /** Added simulated latency, drawn uniformly in [min, max] milliseconds. */
  latencyMs?: { min: number; max: number };
  /** Share of requests answered with a 5xx. */
  serverErrorRate?: number;
  /** Share of requests answered with the marketplace's throttle error though the bucket had room. */
  rateLimitRate?: number;
  /** Share of requests whose connection is closed without an answer, before processing. */
  dropRate?: number;
  /** Share of requests processed normally whose JSON reply is cut in the middle. */
  truncateRate?: number;
  /** Only paths starting with one of these prefixes get faults (default: every path). */
  onlyPaths?: string[];
  /** Paths starting with one of these prefixes never get faults. */
  exceptPaths?: string[];
}

export type FaultKind = 'none' | 'server_error' | 'rate_limit' | 'drop' | 'truncate';

export interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
}

export type FaultCounts = Record<Exclude<FaultKind, 'none'>, number>;

export class FaultInjector {
  private settings: FaultSettings = {};
  private random: Random;
  private readonly counts: FaultCounts = { server_error: 0, rate_limit: 0, drop: 0, truncate: 0 };

  constructor(seed: number) {
    this.random = createRandom(seed ^ 0x5eed);
  }

  /** Replaces the fault settings (validated: rates in [0, 1], summing to at most 1). */
  set(settings: FaultSettings): void {
    const rates = [
      settings.serverErrorRate,
      settings.rateLimitRate,
      settings.dropRate,
      settings.truncateRate,
    ];
    for (const rate of rates) {
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        throw new RangeError(`fault rate ${rate} is not in [0, 1]`);
    }
    const total = rates.reduce<number>((sum, rate) => sum + (rate ?? 0), 0);
    if (total > 1) throw new RangeError(`fault rates add up to ${total}, more than 1`);
    if (
      settings.latencyMs &&
      !(settings.latencyMs.min >= 0 && settings.latencyMs.max >= settings.latencyMs.min)
    ) {
      throw new RangeError('latencyMs needs 0 <= min <= max');
    }
    this.settings = { ...settings };
  }

  clear(): void {
    this.settings = {};
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  injected(): FaultCounts {
    return { ...this.counts };
  }

  decide(path: string): FaultDecision {
    const s = this.settings;
    if (s.onlyPaths && !s.onlyPaths.some((prefix) => path.startsWith(prefix)))
      return { kind: 'none', latencyMs: 0 };
    if (s.exceptPaths?.some((prefix) => path.startsWith(prefix)))
      return { kind: 'none', latencyMs: 0 };
    const latencyMs = s.latencyMs
      ? s.latencyMs.min + this.random.next() * (s.latencyMs.max - s.latencyMs.min)
      : 0;
    const roll = this.random.next();
    let edge = 0;
    const table: [Exclude<FaultKind, 'none'>, number | undefined][] = [
      ['server_error', s.serverErrorRate],
      ['rate_limit', s.rateLimitRate],
      ['drop', s.dropRate],
      ['truncate', s.truncateRate],
    ];
    for (const [kind, rate] of table) {
      edge += rate ?? 0;
      if (roll < edge) {
        this.counts[kind] += 1;
        return { kind, latencyMs };
      }
    }
    return { kind: 'none', latencyMs };
  }
}
