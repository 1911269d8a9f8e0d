/** API problems (RFC 9457) as console messages: a sentence, per-field messages, and conflicts. */
import type { Problem } from '@bazaar/sdk';
import { problemOf } from '../account/problems';

export { problemOf };

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Codes with their own sentence in `console.errors.*`; the rest show the API's `detail`. */
const KNOWN = new Set([
  'network_error',
  'forbidden',
  'unauthorized',
  'version_conflict',
  'precondition_failed',
  'precondition_required',
  'rate_limited',
  'not_found',
  'validation_failed',
]);

/** The sentence for a problem, in the page's language when the code is one the console knows. */
export function consoleProblemText(t: Translate, problem: Problem): string {
  if (problem.status === 412) return t('errors.version_conflict');
  if (problem.status === 403 && !KNOWN.has(problem.code)) return problem.detail ?? t('errors.forbidden');
  if (KNOWN.has(problem.code)) return t(`errors.${problem.code}`);
  if (problem.status >= 500 || !problem.detail) return t('errors.generic');
  return problem.detail;
}

/**
 * The message in `console.validation.*` for a field error's rule (`code`); the ones that take a bound
 * need the error's `limit`. A wrong `pattern`, `type` or `enum` reads as a value not in the expected form.
 */
const RULES: Record<string, { key: string; bounded?: true }> = {
  required: { key: 'required' },
  minLength: { key: 'minLength', bounded: true },
  maxLength: { key: 'maxLength', bounded: true },
  minimum: { key: 'minimum', bounded: true },
  maximum: { key: 'maximum', bounded: true },
  minItems: { key: 'minItems', bounded: true },
  maxItems: { key: 'maxItems', bounded: true },
  pattern: { key: 'format' },
  format: { key: 'format' },
  type: { key: 'format' },
  enum: { key: 'format' },
  password_too_short: { key: 'password_too_short', bounded: true },
  password_too_long: { key: 'password_too_long', bounded: true },
  password_common: { key: 'password_common' },
  password_contains_email: { key: 'password_contains_email' },
};

type FieldProblem = NonNullable<Problem['errors']>[number];

/** `/body/variants/0/price/amount` → `variants.0.price.amount`: the path without `body`, dots for slashes. */
const pathOf = (e: FieldProblem) =>
  e.path
    .split(/[./]/)
    .filter(Boolean)
    .filter((part, i) => !(i === 0 && part === 'body'))
    .join('.');

/** A field error in the page's language when its rule is one the console words, else the API's English. */
function wordingOf(e: FieldProblem, t: Translate | undefined): string {
  const rule = e.code ? RULES[e.code] : undefined;
  if (!t || !rule) return e.message;
  // Amounts are typed in major units (12.50) but bounded in minor ones: the bound would mislead.
  if (/(^|[./])amount$/.test(e.path) && rule.bounded) return t('validation.invalidAmount');
  if (!rule.bounded) return t(`validation.${rule.key}`);
  return typeof e.limit === 'number' ? t(`validation.${rule.key}`, { limit: e.limit }) : e.message;
}

/**
 * A problem's field errors by path (`variants.0.price.amount`), worded with `t` (the `console`
 * messages) where the rule is known. The first message per path wins.
 */
export function fieldErrorsByPath(problem: Problem, t?: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const path = pathOf(e);
    if (!(path in out)) out[path] = wordingOf(e, t);
  }
  return out;
}

/** The rule (`code`) of the first field error per path, for forms that word some rules their own way. */
export function fieldCodesByPath(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const path = pathOf(e);
    if (!(path in out) && e.code) out[path] = e.code;
  }
  return out;
}
