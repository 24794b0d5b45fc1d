/**
 * Turns the strings of a query, path or header parameter into the JSON value its schema
 * describes, the way Swagger 2.0 (`collectionFormat`) and OpenAPI 3 (`style`/`explode`) say
 * arrays are serialised, so type/enum/pattern/format checks run on real values.
 */

export interface ParameterShape {
  dialect: 'swagger2' | 'openapi3';
  /** The parameter's (or its schema's) JSON type, e.g. 'integer' or 'array'. */
  type: unknown;
  itemType: unknown;
  location: string;
  /** Swagger 2.0: csv (default), ssv, tsv, pipes, multi. */
  collectionFormat?: string;
  /** OpenAPI 3: form (query default), simple (path/header default), spaceDelimited, pipeDelimited. */
  style?: string;
  explode?: boolean;
}

export type Coerced = { value: unknown } | { problem: string };

const SEPARATORS: Record<string, string> = {
  csv: ',',
  ssv: ' ',
  tsv: '\t',
  pipes: '|',
  form: ',',
  simple: ',',
  spaceDelimited: ' ',
  pipeDelimited: '|',
};

/** A string as the JSON type says; left a string when it is not one (the schema then says so). */
export function coerceScalar(text: string, type: unknown): unknown {
  const types = Array.isArray(type) ? (type as unknown[]) : [type];
  if (types.includes('integer') && /^[+-]?\d+$/.test(text)) return Number(text);
  if (types.includes('number') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
    return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export function coerceParameter(shape: ParameterShape, raw: readonly string[]): Coerced {
  if (shape.type !== 'array') {
    if (raw.length > 1) return { problem: `given ${raw.length} times but it is not an array` };
    return { value: coerceScalar(raw[0] ?? '', shape.type) };
  }
  let format: string;
  let repeated: boolean;
  if (shape.dialect === 'swagger2') {
    // Swagger 2.0 arrays default to csv: one comma-separated value.
    format = shape.collectionFormat ?? 'csv';
    repeated = format === 'multi';
  } else {
    format =
      shape.style ??
      (shape.location === 'query' || shape.location === 'cookie' ? 'form' : 'simple');
    const explode = shape.explode ?? format === 'form';
    repeated = explode && format !== 'simple';
  }
  let parts: string[];
  if (repeated) parts = [...raw];
  else {
    if (raw.length > 1)
      return {
        problem: `given ${raw.length} times; the model wants one ${format}-separated value`,
      };
    parts = (raw[0] ?? '').split(SEPARATORS[format] ?? ',');
  }
  return { value: parts.map((part) => coerceScalar(part, shape.itemType)) };
}
