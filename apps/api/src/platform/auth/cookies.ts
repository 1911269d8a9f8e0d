/**
 * Cookie sessions for the web app, which proxies `/api/*` on its own origin: the access and refresh
 * tokens travel in httpOnly, Secure, SameSite=Lax cookies, and every state-changing request must
 * echo the readable `bazaar_csrf` cookie in `X-CSRF-Token` (double submit).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden } from '../errors.js';

export const ACCESS_COOKIE = 'bazaar_access';
export const REFRESH_COOKIE = 'bazaar_refresh';
export const CSRF_COOKIE = 'bazaar_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The refresh token is sent only where it is used. */
const REFRESH_PATH = '/api/v1/auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CookieSession {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  csrfToken: string;
  refreshMaxAgeSeconds: number;
}

export function setSessionCookies(reply: FastifyReply, s: CookieSession): void {
  const base = { httpOnly: true, secure: true, sameSite: 'lax' as const };
  reply.setCookie(ACCESS_COOKIE, s.accessToken, { ...base, path: '/', maxAge: s.expiresIn });
  reply.setCookie(REFRESH_COOKIE, s.refreshToken, { ...base, path: REFRESH_PATH, maxAge: s.refreshMaxAgeSeconds });
  reply.setCookie(CSRF_COOKIE, s.csrfToken, {
    httpOnly: false,
    secure: true,
    sameSite: 'lax',
    path: '/',
    maxAge: s.refreshMaxAgeSeconds,
  });
}

export function clearSessionCookies(reply: FastifyReply): void {
  const base = { httpOnly: true, secure: true, sameSite: 'lax' as const };
  reply.clearCookie(ACCESS_COOKIE, { ...base, path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { ...base, path: REFRESH_PATH });
  reply.clearCookie(CSRF_COOKIE, { secure: true, sameSite: 'lax', path: '/' });
}

/** Whether the request carries any session cookie (then CSRF rules apply to it). */
export const hasSessionCookie = (req: FastifyRequest): boolean =>
  Boolean(req.cookies[ACCESS_COOKIE] ?? req.cookies[REFRESH_COOKIE]);

/** Refuses a state-changing, cookie-authenticated request whose `X-CSRF-Token` does not match. */
export function assertCsrf(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const cookie = req.cookies[CSRF_COOKIE];
  const header = req.headers[CSRF_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  // Compared as bytes (lengths too: a multi-byte character must not make the comparison throw).
  const a = typeof cookie === 'string' ? Buffer.from(cookie) : undefined;
  const b = typeof sent === 'string' ? Buffer.from(sent) : undefined;
  const ok = a !== undefined && b !== undefined && a.length >= 16 && a.length === b.length && timingSafeEqual(a, b);
  if (!ok) throw new Forbidden('csrf_token_invalid', 'Send the bazaar_csrf cookie value in X-CSRF-Token.');
}
