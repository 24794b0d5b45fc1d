/**
 * Conformance validator: checks recorded HTTP exchanges against a marketplace's official API
 * description (Swagger 2.0, like Amazon's SP-API models, or OpenAPI 3.0, like eBay's contracts)
 * with a real JSON-Schema validator (ajv 8), so a connector and its fake cannot agree on a shape
 * the marketplace never had. Shared by the Amazon and eBay tests: keep this API stable.
 *
 * API (stable):
 *   specFile(relative)                   absolute path of a file in ../shared/marketplace-specs
 *                                        (override the folder with SILKROUTE_MARKETPLACE_SPECS).
 *   loadSpec(file) → ConformanceSpec     parsed + prepared once per file (cached).
 *   spec.match(method, path)             the operation for a URL path (basePath / servers[].url
 *                                        prefix respected, literal segments win over templates).
 *   spec.checkRequest(exchange)          problems with path, query and header parameters
 *                                        (required, type/enum/pattern/format after coercing the
 *                                        strings; undeclared query parameters) and the JSON body.
 *   spec.checkResponse(method, path, status, body)
 *                                        problems with the status (declared, nXX or default)
 *                                        and the JSON body against the declared schema.
 *   spec.check(exchange)                 both (the response only when `status` is given).
 *   checkExchanges(specs, exchanges, options?)
 *                                        picks the spec whose operation matches each exchange;
 *                                        an exchange that matches none is a problem.
 *   expectConformant(specs, exchanges, options?)
 *                                        throws an Error listing every problem (for tests).
 *   loadJsonSchema(file) → { check(data): string[] }, expectSchemaValid(file, data)
 *                                        for plain JSON Schema files (e.g. Amazon's listings feed).
 *   ExchangeRecorder                     collects exchanges: `recorder.record` fits a fake's
 *                                        `onExchange`; `recorder.attachAxios(instance)` records
 *                                        what an axios instance sends and receives.
 *
 * An exchange is { method, path, query?, headers?, body?, status?, response? }: the kit's
 * SandboxExchange has this shape. `path` is the URL path as sent (still percent-encoded);
 * `body`/`response` are parsed JSON (undefined: none). Problems are readable strings naming the
 * operation and the place, e.g. `GET /orders/2026-01-01/orders (searchOrders) query
 * maxResultsPerPage: must be <= 100`.
 *
 * Schema handling: ajv with strict: false (so `x-*`, `example`, `discriminator` etc. are
 * ignored), all errors, ajv-formats plus the OpenAPI numeric formats. OAS3 `nullable` (and
 * Swagger `x-nullable`) become a `null` type, boolean exclusiveMinimum/Maximum (draft 4) become
 * numbers, Swagger `type: file` is dropped. `#/definitions/...` and `#/components/...` references
 * resolve because the whole prepared document is added to ajv under its own id and every schema
 * is compiled as a reference into it.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { coerceParameter, type ParameterShape } from './openapi-params.js';

export type SpecStyle = 'swagger2' | 'openapi3';
type Json = Record<string, unknown>;
type HeaderValue = string | number | readonly string[] | undefined;

export interface ExchangeToCheck {
  method: string;
  path: string;
  query?: URLSearchParams | Record<string, string | readonly string[]>;
  headers?: Record<string, HeaderValue>;
  body?: unknown;
  status?: number;
  response?: unknown;
}

export interface CheckOptions {
  /** Report calls to operations the model marks `deprecated: true`. */
  rejectDeprecated?: boolean;
}

export interface OperationMatch {
  method: string;
  template: string;
  operationId: string;
  deprecated: boolean;
  pathParams: Record<string, string>;
}

interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
  literalLength: number;
  prefixes: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const here = dirname(fileURLToPath(import.meta.url));

/** Absolute path of a file under ../shared/marketplace-specs (e.g. `amazon/ordersV0.json`). */
export function specFile(relative: string): string {
  if (isAbsolute(relative)) return relative;
  const root =
    process.env.SILKROUTE_MARKETPLACE_SPECS ?? resolve(here, '../../../shared/marketplace-specs');
  return resolve(root, relative);
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  const integer = (min: number, max: number) => ({
    type: 'number' as const,
    validate: (value: number) => Number.isInteger(value) && value >= min && value <= max,
  });
  ajv.addFormat('int32', integer(-2147483648, 2147483647));
  ajv.addFormat('int64', integer(Number.MIN_SAFE_INTEGER * 1024, Number.MAX_SAFE_INTEGER * 1024));
  for (const name of ['float', 'double'])
    ajv.addFormat(name, { type: 'number', validate: () => true });
  for (const name of ['byte', 'binary', 'password', 'decimal', 'string']) ajv.addFormat(name, true);
  return ajv;
}

/** Rewrites the OpenAPI dialects of JSON Schema into what draft-07 ajv understands. */
function prepare(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prepare);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = prepare(value);
  const nullable = out.nullable === true || out['x-nullable'] === true;
  if (nullable && out.type !== undefined) {
    const types = Array.isArray(out.type) ? (out.type as unknown[]) : [out.type];
    if (!types.includes('null')) out.type = [...types, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null))
      out.enum = [...(out.enum as unknown[]), null];
  }
  if (typeof out.nullable === 'boolean') delete out.nullable;
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (typeof out[flag] === 'boolean') delete out[flag];
  }
  if (out.type === 'file') delete out.type;
  return out;
}

function pointer(parts: readonly string[]): string {
  return '#/' + parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = error.message ?? error.keyword;
  if (error.keyword === 'additionalProperties')
    detail = `has property "${String(params.additionalProperty)}" the model does not declare`;
  else if (error.keyword === 'enum')
    detail = `must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${where} ${detail}`;
}

function queryValues(query: ExchangeToCheck['query']): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!query) return out;
  const entries: [string, string][] = [];
  if (query instanceof URLSearchParams) for (const pair of query) entries.push(pair);
  else
    for (const [key, value] of Object.entries(query))
      for (const entry of typeof value === 'string' ? [value] : value) entries.push([key, entry]);
  for (const [key, value] of entries) out.set(key, [...(out.get(key) ?? []), value]);
  return out;
}

function headerValue(headers: ExchangeToCheck['headers'], name: string): string[] | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [...value];
  }
  return undefined;
}

export class ConformanceSpec {
  readonly style: SpecStyle;
  private readonly document: Json;
  private readonly id: string;
  private readonly ajv = createAjv();
  private readonly paths: CompiledPath[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    readonly file: string,
    raw: Json,
  ) {
    this.document = prepare(raw) as Json;
    this.style = typeof raw.openapi === 'string' ? 'openapi3' : 'swagger2';
    if (this.style === 'swagger2' && raw.swagger !== '2.0')
      throw new Error(`${file} is neither Swagger 2.0 nor OpenAPI 3`);
    this.id = `conformance://${file.replace(/[^A-Za-z0-9._-]+/g, '/')}`;
    this.ajv.addSchema(this.document, this.id);
    const rootPrefixes = this.prefixesOf(this.document);
    for (const [template, item] of Object.entries((this.document.paths ?? {}) as Json)) {
      const names: string[] = [];
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        })
        .join('');
      const own = (item as Json).servers ? this.prefixesOf(item as Json) : rootPrefixes;
      this.paths.push({
        template,
        regex: new RegExp(`^${source}/?$`),
        names,
        literalLength: template.replace(/\{[^}]+\}/g, '').length,
        prefixes: own,
      });
    }
    // Literal segments win: /items/summary before /items/{id}.
    this.paths.sort((a, b) => b.literalLength - a.literalLength);
  }

  /** Path prefixes the operations are served under (Swagger basePath, OAS3 servers[].url). */
  private prefixesOf(holder: Json): string[] {
    if (this.style === 'swagger2') {
      const base = typeof holder.basePath === 'string' ? holder.basePath : '';
      return [base.replace(/\/+$/, '')];
    }
    const servers = Array.isArray(holder.servers) ? (holder.servers as Json[]) : [];
    if (servers.length === 0) return [''];
    return servers.map((server) => {
      let url = typeof server.url === 'string' ? server.url : '';
      const variables = (server.variables ?? {}) as Record<string, { default?: string }>;
      url = url.replace(/\{([^}]+)\}/g, (_, name: string) => variables[name]?.default ?? '');
      const pathname = /^[a-z]+:\/\//i.test(url) ? new URL(url).pathname : url;
      return pathname.replace(/\/+$/, '');
    });
  }

  /** The operation serving `method` on `path` (as sent, percent-encoded), if any. */
  match(method: string, path: string): OperationMatch | undefined {
    const lower = method.toLowerCase();
    for (const compiled of this.paths) {
      const operation = this.operation(compiled.template, lower);
      if (!operation) continue;
      for (const prefix of compiled.prefixes) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length) || '/';
        const found = compiled.regex.exec(rest);
        if (!found) continue;
        const pathParams: Record<string, string> = {};
        compiled.names.forEach((name, index) => {
          const value = found[index + 1] ?? '';
          try {
            pathParams[name] = decodeURIComponent(value);
          } catch {
            pathParams[name] = value;
          }
        });
        return {
          method: lower,
          template: compiled.template,
          operationId:
            typeof operation.operationId === 'string'
              ? operation.operationId
              : `${lower} ${compiled.template}`,
          deprecated: operation.deprecated === true,
          pathParams,
        };
      }
    }
    return undefined;
  }

  private operation(template: string, method: string): Json | undefined {
    const item = (this.document.paths as Json)[template] as Json | undefined;
    const operation = item?.[method];
    return METHODS.includes(method) && operation && typeof operation === 'object'
      ? (operation as Json)
      : undefined;
  }

  /** Follows local `$ref`s; returns the object and its JSON-pointer parts. */
  private deref(value: unknown, parts: string[]): { node: Json; parts: string[] } {
    let node = value as Json;
    let at = parts;
    for (let hops = 0; typeof node?.$ref === 'string' && hops < 20; hops += 1) {
      const ref = node.$ref;
      if (!ref.startsWith('#/')) throw new Error(`${this.file}: external $ref ${ref} unsupported`);
      at = ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      node = at.reduce<unknown>(
        (inner, key) => (inner as Json | undefined)?.[key],
        this.document,
      ) as Json;
    }
    return { node, parts: at };
  }

  private validator(parts: readonly string[]): ValidateFunction {
    const ref = `${this.id}${pointer(parts)}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }

  private validate(parts: readonly string[], data: unknown, label: string): string[] {
    const validate = this.validator(parts);
    if (validate(data)) return [];
    return (validate.errors ?? []).map((error) => `${label}: ${describeError(error)}`);
  }

  /** Path-item parameters overridden by the operation's own (same name and location). */
  private parameters(template: string, method: string): { node: Json; parts: string[] }[] {
    const item = (this.document.paths as Json)[template] as Json;
    const byKey = new Map<string, { node: Json; parts: string[] }>();
    const collect = (list: unknown, parts: string[]) => {
      if (!Array.isArray(list)) return;
      list.forEach((entry, index) => {
        const resolved = this.deref(entry, [...parts, String(index)]);
        byKey.set(`${String(resolved.node.in)}:${String(resolved.node.name)}`, resolved);
      });
    };
    collect(item.parameters, ['paths', template, 'parameters']);
    collect((item[method] as Json).parameters, ['paths', template, method, 'parameters']);
    return [...byKey.values()];
  }

  /** Problems with the request half of an exchange. */
  checkRequest(exchange: ExchangeToCheck, options: CheckOptions = {}): string[] {
    const found = this.match(exchange.method, exchange.path);
    if (!found)
      return [`${exchange.method.toUpperCase()} ${exchange.path}: no operation in ${this.file}`];
    const label = `${found.method.toUpperCase()} ${found.template} (${found.operationId})`;
    const problems: string[] = [];
    if (options.rejectDeprecated && found.deprecated)
      problems.push(`${label}: the model marks this operation deprecated`);
    const query = queryValues(exchange.query);
    const declaredQuery = new Set<string>();
    let bodyParameter: { node: Json; parts: string[] } | undefined;
    for (const parameter of this.parameters(found.template, found.method)) {
      const { node } = parameter;
      const name = String(node.name);
      const where = String(node.in);
      if (where === 'body') {
        bodyParameter = parameter;
        continue;
      }
      if (where === 'query') declaredQuery.add(name);
      const raw =
        where === 'path'
          ? found.pathParams[name] === undefined
            ? undefined
            : [found.pathParams[name]]
          : where === 'query'
            ? query.get(name)
            : where === 'header'
              ? headerValue(exchange.headers, name)
              : undefined;
      if (where === 'cookie' || where === 'formData') continue;
      if (raw === undefined) {
        if (node.required === true)
          problems.push(`${label} ${where} ${name}: required but missing`);
        continue;
      }
      problems.push(...this.checkParameter(parameter, raw, `${label} ${where} ${name}`));
    }
    for (const name of query.keys())
      if (!declaredQuery.has(name))
        problems.push(`${label} query ${name}: not a parameter of this operation`);
    problems.push(...this.checkRequestBody(found, bodyParameter, exchange.body, label));
    return problems;
  }

  private checkParameter(
    parameter: { node: Json; parts: string[] },
    raw: string[],
    label: string,
  ): string[] {
    const { node, parts } = parameter;
    let schemaParts: string[];
    let shape: ParameterShape;
    if (this.style === 'openapi3') {
      const schema = this.deref(node.schema ?? {}, [...parts, 'schema']);
      schemaParts = node.schema === undefined ? [] : [...parts, 'schema'];
      const items = this.deref(schema.node.items ?? {}, []);
      shape = {
        dialect: 'openapi3',
        type: schema.node.type,
        itemType: items.node.type,
        location: String(node.in),
        style: typeof node.style === 'string' ? node.style : undefined,
        explode: typeof node.explode === 'boolean' ? node.explode : undefined,
      };
    } else {
      schemaParts = [...parts];
      const items = this.deref(node.items ?? {}, []);
      shape = {
        dialect: 'swagger2',
        type: node.type,
        itemType: items.node.type,
        location: String(node.in),
        collectionFormat:
          typeof node.collectionFormat === 'string' ? node.collectionFormat : undefined,
      };
    }
    const coerced = coerceParameter(shape, raw);
    if ('problem' in coerced) return [`${label}: ${coerced.problem}`];
    if (schemaParts.length === 0) return [];
    if (this.style === 'swagger2') {
      // A Swagger parameter is its own schema, minus the keys JSON Schema reads differently
      // (`required: true` would be an invalid draft-07 `required`).
      const key = pointer(schemaParts);
      let validate = this.validators.get(key);
      if (!validate) {
        const {
          required: _required,
          in: _in,
          name: _name,
          collectionFormat: _format,
          ...schema
        } = node;
        validate = this.ajv.compile({ ...schema, definitions: this.document.definitions });
        this.validators.set(key, validate);
      }
      if (validate(coerced.value)) return [];
      return (validate.errors ?? []).map((error) => `${label}: ${describeError(error)}`);
    }
    return this.validate(schemaParts, coerced.value, label);
  }

  private checkRequestBody(
    found: OperationMatch,
    bodyParameter: { node: Json; parts: string[] } | undefined,
    body: unknown,
    label: string,
  ): string[] {
    let schemaParts: string[] | undefined;
    let required = false;
    if (this.style === 'swagger2') {
      if (bodyParameter) {
        schemaParts = [...bodyParameter.parts, 'schema'];
        required = bodyParameter.node.required === true;
      }
    } else {
      const operation = this.operation(found.template, found.method) as Json;
      if (operation.requestBody !== undefined) {
        const requestBody = this.deref(operation.requestBody, [
          'paths',
          found.template,
          found.method,
          'requestBody',
        ]);
        required = requestBody.node.required === true;
        const content = (requestBody.node.content ?? {}) as Json;
        const type = Object.keys(content).find((key) => /json/i.test(key));
        if (type !== undefined) schemaParts = [...requestBody.parts, 'content', type, 'schema'];
        else if (body !== undefined)
          return [
            `${label} body: JSON sent but the operation takes ${Object.keys(content).join(', ')}`,
          ];
      }
    }
    if (body === undefined) return required ? [`${label} body: required but missing`] : [];
    if (!schemaParts) return [`${label} body: the operation takes no body`];
    return this.validate(schemaParts, body, `${label} request body`);
  }

  /** Problems with a reply: status declared (exact, nXX or default), JSON body fits. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[] {
    const found = this.match(method, path);
    if (!found) return [`${method.toUpperCase()} ${path}: no operation in ${this.file}`];
    const label = `${found.method.toUpperCase()} ${found.template} (${found.operationId}) response ${status}`;
    const operation = this.operation(found.template, found.method) as Json;
    const responses = (operation.responses ?? {}) as Json;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find(
      (candidate) => responses[candidate] !== undefined,
    );
    if (key === undefined) return [`${label}: status not declared by the model`];
    const response = this.deref(responses[key], [
      'paths',
      found.template,
      found.method,
      'responses',
      key,
    ]);
    let schemaParts: string[] | undefined;
    if (this.style === 'swagger2') {
      if (response.node.schema !== undefined) schemaParts = [...response.parts, 'schema'];
    } else {
      const content = (response.node.content ?? {}) as Json;
      const type = Object.keys(content).find((candidate) => /json/i.test(candidate));
      if (type !== undefined && (content[type] as Json).schema !== undefined)
        schemaParts = [...response.parts, 'content', type, 'schema'];
    }
    if (!schemaParts) return [];
    if (body === undefined) return [`${label}: the model declares a JSON body but there was none`];
    return this.validate(schemaParts, body, `${label} body`);
  }

  /** Request problems, then response problems when the exchange carries a status. */
  check(exchange: ExchangeToCheck, options: CheckOptions = {}): string[] {
    const problems = this.checkRequest(exchange, options);
    if (exchange.status !== undefined)
      problems.push(
        ...this.checkResponse(exchange.method, exchange.path, exchange.status, exchange.response),
      );
    return problems;
  }
}

const specCache = new Map<string, ConformanceSpec>();

/** Loads (once) a Swagger 2.0 or OpenAPI 3 file; relative paths are under the specs folder. */
export function loadSpec(file: string): ConformanceSpec {
  const path = specFile(file);
  let spec = specCache.get(path);
  if (!spec) {
    spec = new ConformanceSpec(path, JSON.parse(readFileSync(path, 'utf8')) as Json);
    specCache.set(path, spec);
  }
  return spec;
}

function asList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** Every problem of every exchange, each checked against the spec whose operation matches. */
export function checkExchanges(
  specs: ConformanceSpec | readonly ConformanceSpec[],
  exchanges: ExchangeToCheck | readonly ExchangeToCheck[],
  options: CheckOptions = {},
): string[] {
  const list = asList(specs);
  const problems: string[] = [];
  for (const exchange of asList(exchanges)) {
    const spec = list.find((candidate) => candidate.match(exchange.method, exchange.path));
    if (!spec) {
      problems.push(
        `${exchange.method.toUpperCase()} ${exchange.path}: no operation in ${list.map((entry) => entry.file).join(', ')}`,
      );
      continue;
    }
    problems.push(...spec.check(exchange, options));
  }
  return problems;
}

/** Throws with every problem listed (at most 50 shown) when any exchange does not conform. */
export function expectConformant(
  specs: ConformanceSpec | readonly ConformanceSpec[],
  exchanges: ExchangeToCheck | readonly ExchangeToCheck[],
  options: CheckOptions = {},
): void {
  const problems = [...new Set(checkExchanges(specs, exchanges, options))];
  if (problems.length === 0) return;
  const shown = problems.slice(0, 50).map((problem) => `  - ${problem}`);
  if (problems.length > 50) shown.push(`  … and ${problems.length - 50} more`);
  throw new Error(`${problems.length} conformance problem(s):\n${shown.join('\n')}`);
}

export interface JsonSchemaCheck {
  file: string;
  check(data: unknown): string[];
}

const schemaCache = new Map<string, JsonSchemaCheck>();

/** A plain JSON Schema file (draft-07), e.g. `amazon/listings-feed-schema-v2.json`. */
export function loadJsonSchema(file: string): JsonSchemaCheck {
  const path = specFile(file);
  let loaded = schemaCache.get(path);
  if (!loaded) {
    const ajv = createAjv();
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Json;
    const { $schema: _ignored, ...schema } = prepare(raw) as Json;
    const validate = ajv.compile(schema);
    loaded = {
      file: path,
      check: (data) =>
        validate(data)
          ? []
          : (validate.errors ?? []).map((error) => `${path}: ${describeError(error)}`),
    };
    schemaCache.set(path, loaded);
  }
  return loaded;
}

/** Throws with the problems when `data` does not fit the JSON Schema file. */
export function expectSchemaValid(file: string, data: unknown): void {
  const problems = loadJsonSchema(file).check(data);
  if (problems.length > 0)
    throw new Error(`${problems.length} schema problem(s):\n${problems.slice(0, 50).join('\n')}`);
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.length === 0) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Collects exchanges for a check at the end of a test. */
export class ExchangeRecorder {
  private readonly recorded: ExchangeToCheck[] = [];

  /** Arrow property so it can be passed as a callback (e.g. a fake's `onExchange`). */
  readonly record = (exchange: ExchangeToCheck): void => {
    this.recorded.push(exchange);
  };

  get exchanges(): readonly ExchangeToCheck[] {
    return this.recorded;
  }

  clear(): void {
    this.recorded.length = 0;
  }

  /** Records each reply (any status) an axios instance receives, with the request it answers. */
  attachAxios(instance: AxiosInstance): void {
    const toExchange = (config: InternalAxiosRequestConfig, response?: AxiosResponse) => {
      const url = new URL(config.url ?? '/', config.baseURL ?? 'http://localhost');
      const query = new URLSearchParams(url.search);
      for (const [key, value] of Object.entries((config.params ?? {}) as Record<string, unknown>))
        if (value !== undefined)
          for (const entry of Array.isArray(value) ? value : [value])
            query.append(key, String(entry));
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(config.headers.toJSON()))
        if (typeof value === 'string' || typeof value === 'number') headers[key] = String(value);
      this.record({
        method: (config.method ?? 'get').toUpperCase(),
        path: url.pathname,
        query,
        headers,
        body: parseMaybeJson(config.data),
        ...(response ? { status: response.status, response: parseMaybeJson(response.data) } : {}),
      });
    };
    instance.interceptors.response.use(
      (response) => {
        toExchange(response.config, response);
        return response;
      },
      (error: unknown) => {
        const failed = error as { config?: InternalAxiosRequestConfig; response?: AxiosResponse };
        if (failed.config) toExchange(failed.config, failed.response);
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
}
