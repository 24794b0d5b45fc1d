/**
 * The browser-mode server's gatekeeping, kept apart from routing so each rule is testable alone:
 * a per-launch secret token (in a cookie after the first visit, or a Bearer header), and Host and
 * Origin checks that stop other web pages — including DNS-rebinding ones that resolve their own
 * name to 127.0.0.1 — from driving the engine through the seller's browser.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes, base64url: 43 characters, safe in URLs and cookies without escaping. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so neither the length nor the content of
 * the secret leaks through timing, whatever the candidate's length.
 */
export function tokensMatch(candidate: string | undefined, secret: string): boolean {
  if (candidate === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(candidate), digest(secret));
}

/**
 * Cookies are shared across ports on one host, so the name carries the port: two servers on
 * 127.0.0.1 never overwrite each other's session.
 */
export function cookieName(port: number): string {
  return `silkroute_session_${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** True when the request carries the token by cookie or Authorization header. */
export function isAuthenticated(request: IncomingMessage, port: number, token: string): boolean {
  const fromCookie = readCookie(request.headers.cookie, cookieName(port));
  const fromHeader = bearerToken(request.headers.authorization);
  // Evaluate both so the time taken does not reveal which one was present.
  const cookieOk = tokensMatch(fromCookie, token);
  const headerOk = tokensMatch(fromHeader, token);
  return cookieOk || headerOk;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

export type GuardFailure = { status: 403; code: 'unauthorized'; message: string } | undefined;

/** Host and Origin rules; undefined when the request may go on to authentication. */
export function checkHostAndOrigin(request: IncomingMessage, port: number): GuardFailure {
  const host = request.headers.host?.toLowerCase();
  if (!host || !allowedHosts(port).includes(host)) {
    return {
      status: 403,
      code: 'unauthorized',
      message: `Host "${host ?? ''}" is not served here; open http://127.0.0.1:${port}/`,
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin.toLowerCase())) {
    return {
      status: 403,
      code: 'unauthorized',
      message: `Requests from origin "${origin}" are refused; only this server's own pages may call it`,
    };
  }
  return undefined;
}

/** Headers every response carries, whatever it is. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
