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
];

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
