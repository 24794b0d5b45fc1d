/**
 * The one redaction function. Everything that is logged, thrown across a boundary or written to a
 * report passes through here first, so a token, secret, signature or buyer detail never leaves in
 * clear. Redaction is by key name (at any depth) and by value shape inside free text.
 */

const SECRET_KEY =
  /(token|secret|password|passwd|signature|^sign$|authorization|api[-_]?key|partner[-_]?key|client[-_]?secret|cookie|code_verifier|^code$)/i;
/** Buyer personal data: names, addresses, phones, e-mails. */
const PERSONAL_KEY =
  /(buyer[-_]?(name|email|user)|recipient|address|phone|email|full[-_]?name|^name$|street|postal|zip)/i;

const MASK = '[redacted]';

const TEXT_PATTERNS: [RegExp, string][] = [
  // key=value pairs in URLs, query strings and form bodies
  [
    /\b((?:access|refresh)_token|client_secret|sign|signature|code|partner_key|app_secret|password)=([^&\s"']+)/gi,
    `$1=${MASK}`,
  ],
  // Authorization headers and bearer tokens in text
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`],
  // JSON-ish "key": "value" inside strings
  [
    /("(?:access_token|refresh_token|client_secret|partner_key|app_secret|token|sign|signature|password)"\s*:\s*)"[^"]*"/gi,
    `$1"${MASK}"`,
  ],
  // Amazon LWA tokens
  [/\b(Atza|Atzr)\|[A-Za-z0-9._~+/=|-]+/g, MASK],
  // e-mail addresses
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, MASK],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy with secrets and personal data masked; cycles and depth are bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 12) return '[truncated]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) || PERSONAL_KEY.test(key) ? MASK : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}
