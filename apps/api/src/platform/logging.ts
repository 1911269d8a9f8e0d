import { pino, type Logger } from 'pino';

const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'totp',
  'recoveryCode',
  'cardNumber',
  'card',
  'cvc',
  'cvv',
  'pan',
  'paymentToken',
  // Personal data: what identifies a person never reaches a log line either.
  'email',
  'phone',
  'line1',
  'line2',
  'postalCode',
];

/** Query parameters that carry secrets (OIDC codes and states, stream tokens, links). */
const SECRET_QUERY = /([?&](?:code|state|token|id_token|access_token|refresh_token)=)[^&#]*/gi;

/** A URL as it may be logged: secret query values replaced. */
export const loggableUrl = (url: string): string => url.replace(SECRET_QUERY, '$1[redacted]');

/** Where request data may sit in a logged object. */
const CONTAINERS = ['body', 'input', 'payload', 'data', 'query', 'params', 'user', 'credentials', 'event'];

/**
 * Paths whose values never reach a log line. Explicit paths only: a path that starts with a
 * wildcard makes the logger run every per-request binding through the redactor.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-cart-token"]',
  'req.headers["x-order-token"]',
  'req.headers["x-csrf-token"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS,
  ...CONTAINERS.flatMap((c) => SECRET_KEYS.flatMap((k) => [`${c}.${k}`, `${c}.*.${k}`])),
];

export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    base: { service: 'bazaar' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
