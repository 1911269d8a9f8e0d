import { pino, type Logger } from 'pino';

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-cart-token"]',
  'req.headers["x-order-token"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...[
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
  ].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
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
