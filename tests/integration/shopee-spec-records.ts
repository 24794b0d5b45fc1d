/**
 * Reads the scraped Shopee reference records (../shared/marketplace-specs/shopee/*.json) at test
 * time and checks requests and replies against them: parameter names, required parameters,
 * documented limits ("[1,100]") and types, and every field of a reply against the documented
 * response tree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ParamNode {
  name: string;
  type: string;
  required: boolean;
  limits: string;
  description: string;
  children: ParamNode[];
}

export interface ApiRecord {
  apiName: string;
  path: string;
  method: 'GET' | 'POST';
  commonParams: string[];
  request: ParamNode[];
  response: ParamNode[];
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the records are: $SILKROUTE_MARKETPLACE_SPECS, ../shared next to this checkout, or next to the checkout it was cloned from. */
export function findSpecsDirectory(): { dir: string | null; tried: string[] } {
  const tried: string[] = [];
  const candidates: string[] = [];
  if (process.env.SILKROUTE_MARKETPLACE_SPECS)
    candidates.push(process.env.SILKROUTE_MARKETPLACE_SPECS);
  candidates.push(resolve(repoRoot, '../shared/marketplace-specs'));
  try {
    const origin = execFileSync('git', ['config', '--get', 'remote.origin.url'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    if (origin && isAbsolute(origin))
      candidates.push(resolve(origin, '../shared/marketplace-specs'));
  } catch {
    // not a git checkout, or no origin: the other candidates remain
  }
  for (const candidate of candidates) {
    const dir = join(candidate, 'shopee');
    tried.push(dir);
    if (existsSync(dir)) return { dir, tried };
  }
  return { dir: null, tried };
}

interface RawNode {
  name?: string;
  type?: string;
  required?: string | null;
  limits?: string;
  description?: string;
  children?: RawNode[];
}

function nodes(raw: RawNode[] | undefined): ParamNode[] {
  return (raw ?? []).map((node) => ({
    name: (node.name ?? '').trim(),
    type: (node.type ?? '').trim(),
    required: node.required === 'True',
    limits: node.limits ?? '',
    description: node.description ?? '',
    children: nodes(node.children),
  }));
}

export function loadRecords(dir: string): Map<string, ApiRecord> {
  const records = new Map<string, ApiRecord>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    const text = (value: unknown, fallback: string) =>
      typeof value === 'string' && value !== '' ? value : fallback;
    const params = JSON.parse(text(raw.params, '{}')) as {
      request_params?: RawNode[];
      response_params?: RawNode[];
    };
    const common = JSON.parse(text(raw.common_params, '[]')) as RawNode[];
    const path = text(raw.path, '');
    records.set(path, {
      apiName: text(raw.api_name, path),
      path,
      method: raw.method === 1 ? 'POST' : 'GET',
      commonParams: common.map((node) => String(node.name)),
      request: nodes(params.request_params),
      response: nodes(params.response_params),
    });
  }
  return records;
}

/** Does a JSON value fit a documented type? Query values are strings and are read as such. */
export function fitsType(type: string, value: unknown, fromQuery: boolean): boolean {
  if (value === null) return true;
  const base = type.replace(/\[\]$/, '');
  if (type.endsWith('[]')) {
    if (fromQuery && typeof value === 'string')
      return value.split(',').every((part) => fitsType(base, part, true));
    return Array.isArray(value) && value.every((entry) => fitsType(base, entry, fromQuery));
  }
  switch (base) {
    case 'int':
    case 'int32':
    case 'int64':
    case 'timestamp':
      return fromQuery
        ? typeof value === 'string' && /^-?\d+$/.test(value)
        : Number.isSafeInteger(value);
    case 'float':
      return fromQuery
        ? typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)
        : typeof value === 'number';
    case 'boolean':
      return fromQuery ? value === 'true' || value === 'false' : typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

/** "[1,100]" → [1, 100]. */
export function limitRange(limits: string): [number, number] | null {
  const match = /^\[(\d+),\s*(\d+)\]$/.exec(limits.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}
