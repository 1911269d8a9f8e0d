/**
 * Card numbers must never reach Bazaar: the shopper's browser hands the card to the provider and
 * Bazaar only ever sees the provider's token. This guard refuses any request that carries what looks
 * like a primary account number anyway (pasted into a name field, sent by a broken client), before
 * it is logged, stored or echoed.
 *
 * A candidate is a run of 13–19 digits, the groups of which may be separated by one space or dash
 * (`4242 4242 4242 4242`, `4242-4242-4242-4242`), that passes the Luhn check. Runs of more digits
 * are checked group-wise, so a card number followed by other digits is still found; a UUID or an
 * order number is not a candidate (too few consecutive digits, or letters between or around them).
 */
import { BadRequest } from '../../platform/errors.js';

/** Longest nesting of objects and arrays walked; deeper values are refused as malformed. */
const MAX_DEPTH = 32;
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * Digit groups separated by single spaces or dashes, standing on their own: a run glued to letters
 * is part of an identifier (the hex groups of a UUID `…f7-6586-7574-b929-9315…` would otherwise join
 * into Luhn-valid runs about once in two hundred ids), not a card number someone typed.
 */
const DIGIT_RUN = /(?<![0-9A-Za-z])\d+(?:[ -]\d+)*(?![0-9A-Za-z])/g;

export class CardNumberRejected extends BadRequest {
  constructor(path: string) {
    super('card_number_rejected', "Card numbers must never be sent to Bazaar; send the provider's token.", {
      errors: [{ path, message: 'looks like a card number' }],
    });
  }
}

/** The Luhn (mod 10) check of a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Whether a run of digits holds a Luhn-valid 13–19 digit number, whole or as consecutive groups. */
function runHoldsCardNumber(run: string): boolean {
  const groups = run.split(/[ -]/);
  if (groups.length === 1) {
    const digits = groups[0] ?? '';
    // One unbroken run: exactly a card's length. A longer unbroken number (a reference, an IBAN's
    // digits) is not split at arbitrary places, which would find false cards in any long number.
    return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && luhnValid(digits);
  }
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length; end++) {
      digits += groups[end];
      if (digits.length > MAX_DIGITS) break;
      if (digits.length >= MIN_DIGITS && luhnValid(digits)) return true;
    }
  }
  return false;
}

/** Whether `text` contains something that looks like a card number. */
export function containsCardNumber(text: string): boolean {
  // Cheap exit for the common case: too few digits in the whole string.
  let count = 0;
  for (let i = 0; i < text.length && count < MIN_DIGITS; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) count++;
  }
  if (count < MIN_DIGITS) return false;
  for (const m of text.matchAll(DIGIT_RUN)) {
    if (runHoldsCardNumber(m[0])) return true;
  }
  return false;
}

function walk(value: unknown, path: string, depth: number): void {
  if (typeof value === 'string') {
    if (containsCardNumber(value)) throw new CardNumberRejected(path || '/');
    return;
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && containsCardNumber(String(Math.abs(value)))) {
      throw new CardNumberRejected(path || '/');
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) throw new BadRequest('validation_failed', 'The request nests too deeply.');
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}/${i}`, depth + 1));
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    walk(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
  }
}

/**
 * Walks every string (and integer) in `value`; throws 400 `card_number_rejected`, naming where (a
 * JSON pointer, never the number), when one holds a card number.
 */
export function assertNoCardNumbers(value: unknown): void {
  walk(value, '', 0);
}
