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
 * A problem's field errors by path without the `body` prefix, slashes as dots:
 * `/body/variants/0/price/amount` → `variants.0.price.amount`. The first message per path wins.
 */
export function fieldErrorsByPath(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const path = e.path
      .split(/[./]/)
      .filter(Boolean)
      .filter((part, i) => !(i === 0 && part === 'body'))
      .join('.');
    if (!(path in out)) out[path] = e.message;
  }
  return out;
}
