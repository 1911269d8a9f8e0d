/**
 * Turning API problems (RFC 9457) into what a shopper can read: a translated sentence for the codes
 * they can act on, the API's `detail` otherwise, and per-field messages for forms.
 */
import { toProblem } from '@bazaar/sdk';
import type { Problem } from '@bazaar/sdk';

/** Codes with their own message in `account.errors.*` (the rest show the API's `detail`). */
const KNOWN = new Set([
  'invalid_credentials',
  'mfa_required',
  'invalid_mfa_code',
  'account_blocked',
  'email_taken',
  'weak_password',
  'invalid_password',
  'token_invalid',
  'rate_limited',
  'order_not_cancellable',
  'address_limit_reached',
  'version_conflict',
  'mfa_already_enabled',
  'mfa_not_enrolling',
  'last_owner',
  'api_unreachable',
  'unauthorized',
  'validation_failed',
]);

/** The problem of a failed call; `fetch` failures (offline) become a synthetic `network_error`. */
export function problemOf(error: unknown, response: Response | undefined): Problem {
  if (!response) {
    return {
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      instance: '',
      code: 'network_error',
      requestId: '',
    };
  }
  const problem = toProblem(error, response);
  const retry = Number(response.headers.get('retry-after'));
  return Number.isFinite(retry) && retry > 0 ? { ...problem, retryAfter: retry } : problem;
}

/** Seconds to wait before retrying (429), when the API said so. */
export function retryAfterOf(problem: Problem): number | null {
  return typeof problem.retryAfter === 'number' ? problem.retryAfter : null;
}

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The sentence to show for a problem, in the page's language when the code is one we know. */
export function problemText(t: Translate, problem: Problem): string {
  if (problem.code === 'rate_limited') {
    const seconds = retryAfterOf(problem);
    return seconds
      ? t('errors.rate_limited_retry', { minutes: Math.max(1, Math.ceil(seconds / 60)) })
      : t('errors.rate_limited');
  }
  if (problem.code === 'network_error') return t('errors.network_error');
  if (KNOWN.has(problem.code)) return t(`errors.${problem.code}`);
  if (problem.status >= 500 || !problem.detail) return t('errors.generic');
  return problem.detail;
}

/** The field a problem entry points at: `body.email` → `email`, `password` → `password`. */
export function fieldOf(path: string): string {
  const parts = path.split(/[./]/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/** The password policy's rules (the `code` of a field error) by their message in `account.password`. */
const PASSWORD_RULES: Record<string, string> = {
  password_too_short: 'password.tooShort',
  password_too_long: 'password.tooLong',
  password_common: 'password.tooCommon',
  password_contains_email: 'password.containsEmail',
};

/** A translated message for one field error of the API, by the rule it names (`code`). */
export function fieldMessage(t: Translate, field: string, code: string | undefined): string {
  const password = code ? PASSWORD_RULES[code] : undefined;
  if (password) return t(password);
  if (/email/i.test(field)) return t('errors.invalidEmail');
  return t('errors.invalidField');
}

/** Per-field messages of a problem, for the fields a form has; the first message per field wins. */
export function fieldErrorsOf(t: Translate, problem: Problem, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const field = fieldOf(e.path);
    if (fields.includes(field) && !out[field]) out[field] = fieldMessage(t, field, e.code);
  }
  return out;
}
