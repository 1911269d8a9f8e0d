/**
 * The built-in test provider: deterministic, no network, for development, demos and tests. The card
 * token decides the outcome:
 *
 * | token | outcome |
 * | --- | --- |
 * | `tok_visa`, `tok_mastercard` | authorized |
 * | `tok_chargeDeclined` | declined `card_declined` |
 * | `tok_insufficientFunds` | declined `insufficient_funds` |
 * | `tok_3ds` | requires action: a 3-D Secure page |
 * | `tok_timeout` | answers only after 60 s (the gateway's timeout fires first) |
 * | `tok_error` | fails as a provider outage would |
 * | anything else | declined `invalid_token` |
 *
 * UPI and net banking always require an action: a page standing in for the bank (UPI also gives a
 * `upi://pay` intent). Those pages (`/api/v1/payments/test/actions/{token}`) let the shopper approve
 * or decline, which is delivered as a signed webhook through the same path as any provider's.
 *
 * It keeps no state, in memory or elsewhere: API replicas share nothing but the database. Its
 * reference is `pi_test_<payment id>` (the same for a retried call, like an idempotency key), and
 * `retrieve` answers from the payments row Bazaar hands it, which is where the outcome of every
 * test payment is recorded.
 */
import { randomUUID } from 'node:crypto';
import { BadRequest } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { ProviderUnavailable, ProviderRejected } from './payments.errors.js';
import type {
  AuthorizeOutcome,
  AuthorizeRequest,
  PaymentProvider,
  ProviderEvent,
  ProviderPayment,
  RetrieveRequest,
  StoredPayment,
} from './payments.provider.js';
import {
  ACTION_TTL_MINUTES,
  type ActionKind,
  TEST_SIGNATURE_HEADER,
  signActionToken,
  verifyTestSignature,
} from './payments.signing.js';

/** How long `tok_timeout` takes to answer: longer than any configured timeout (at most 120 s). */
const SLOW_ANSWER_MS = 60_000;

export interface TestProviderOptions {
  /** Signs webhooks (and, derived from it, action tokens). */
  webhookSecret: string;
  actionKey: Buffer;
  /** Where the API is reached from a browser: action page links start with it. */
  apiUrl: string;
  now?: () => Date;
}

export const testRefOf = (paymentId: string) => `pi_test_${paymentId}`;

export function paymentIdOfTestRef(ref: string): string | null {
  const id = ref.startsWith('pi_test_') ? ref.slice('pi_test_'.length) : '';
  return isUuid(id) ? id : null;
}

/** The action page URL for a payment (the return URL rides in the query, covered by the token's MAC). */
export function actionUrl(
  opts: Pick<TestProviderOptions, 'actionKey' | 'apiUrl'>,
  claims: { tenantId: string; paymentId: string; kind: ActionKind; now: Date },
  returnUrl: string,
): string {
  const token = signActionToken(
    opts.actionKey,
    {
      tenantId: claims.tenantId,
      paymentId: claims.paymentId,
      kind: claims.kind,
      expiresAt: Math.floor(claims.now.getTime() / 1000) + ACTION_TTL_MINUTES * 60,
    },
    returnUrl,
  );
  const base = opts.apiUrl.replace(/\/+$/, '');
  return `${base}/api/v1/payments/test/actions/${token}?returnUrl=${encodeURIComponent(returnUrl)}`;
}

const DECLINES: Record<string, { code: string; message: string }> = {
  tok_chargeDeclined: { code: 'card_declined', message: 'The card was declined.' },
  tok_insufficientFunds: { code: 'insufficient_funds', message: 'The card has insufficient funds.' },
};

/** What the built-in providers say about a payment, from what Bazaar recorded. */
export function paymentFromStored(providerRef: string, stored: StoredPayment): ProviderPayment {
  const state: ProviderPayment['state'] = (
    {
      pending: 'not_found',
      requires_action: 'requires_action',
      authorized: 'authorized',
      paid: 'captured',
      partially_refunded: 'captured',
      refunded: 'refunded',
      failed: 'declined',
      voided: 'voided',
    } as const
  )[stored.status];
  return {
    providerRef,
    state,
    amount: stored.amount,
    amountCaptured: stored.capturedAmount,
    amountRefunded: stored.refundedAmount,
  };
}

export interface TestWebhookBody {
  id: string;
  type: string;
  created: number;
  data: {
    paymentId: string;
    providerRef: string;
    amount?: number;
    failureCode?: string;
    failureMessage?: string;
  };
}

const EVENT_TYPES: ReadonlySet<string> = new Set([
  'payment.authorized',
  'payment.captured',
  'payment.failed',
  'payment.voided',
  'payment.refunded',
]);

const str = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;

/** A signed test delivery's body as a provider event; 400 when its shape is wrong. */
export function parseTestEvent(rawBody: Buffer): ProviderEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new BadRequest('webhook_payload_invalid', 'The webhook body is not JSON.');
  }
  const b = (body ?? {}) as Partial<Record<keyof TestWebhookBody, unknown>>;
  const data = (typeof b.data === 'object' && b.data !== null ? b.data : {}) as Record<string, unknown>;
  const id = str(b.id, 255);
  const type = str(b.type, 100);
  // Unix seconds, before the year 2286: anything else is not a time.
  if (
    !id ||
    !type ||
    typeof b.created !== 'number' ||
    !Number.isInteger(b.created) ||
    b.created < 0 ||
    b.created >= 1e10
  ) {
    throw new BadRequest('webhook_payload_invalid', 'A test webhook needs `id`, `type` and `created`.');
  }
  const amount = data.amount;
  if (amount !== undefined && (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0)) {
    throw new BadRequest('webhook_payload_invalid', '`data.amount` must be a non-negative integer.');
  }
  const paymentId = str(data.paymentId, 36);
  const failureCode = str(data.failureCode, 100);
  const failureMessage = str(data.failureMessage, 500);
  return {
    id,
    type: EVENT_TYPES.has(type) ? (type as ProviderEvent['type']) : 'other',
    rawType: type,
    providerRef: str(data.providerRef, 255) ?? null,
    paymentId: paymentId && isUuid(paymentId) ? paymentId : null,
    occurredAt: new Date(b.created * 1000),
    ...(typeof amount === 'number' ? { amount } : {}),
    ...(failureCode ? { failureCode } : {}),
    ...(failureMessage ? { failureMessage } : {}),
  };
}

const headerOf = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function createTestProvider(opts: TestProviderOptions): PaymentProvider {
  const now = opts.now ?? (() => new Date());

  const requireAction = (req: AuthorizeRequest, kind: ActionKind): AuthorizeOutcome => {
    const providerRef = testRefOf(req.paymentId);
    const url = actionUrl(opts, { tenantId: req.tenantId, paymentId: req.paymentId, kind, now: now() }, req.returnUrl);
    if (kind === 'three_d_secure') return { status: 'requires_action', providerRef, nextAction: { type: kind, url } };
    const nextAction =
      kind === 'upi'
        ? {
            type: 'redirect_to_url' as const,
            url,
            upiUri: `upi://pay?${new URLSearchParams({
              pa: `${req.tenantSlug}@bazaartest`,
              pn: req.tenantSlug,
              am: (req.amount / 100).toFixed(2),
              cu: 'INR',
              tr: providerRef,
            }).toString()}`,
          }
        : { type: 'redirect_to_url' as const, url };
    return { status: 'requires_action', providerRef, nextAction };
  };

  return {
    name: 'test',
    methods: ['card', 'upi', 'netbanking'],

    async authorize(req) {
      const providerRef = testRefOf(req.paymentId);
      if (req.method === 'upi') return requireAction(req, 'upi');
      if (req.method === 'netbanking') return requireAction(req, 'netbanking');
      if (req.method !== 'card') {
        throw new ProviderRejected('test', 'method_unsupported', `The test provider does not take ${req.method}.`);
      }
      switch (req.token) {
        case 'tok_visa':
        case 'tok_mastercard':
          return { status: 'authorized', providerRef, amount: req.amount };
        case 'tok_3ds':
          return requireAction(req, 'three_d_secure');
        case 'tok_timeout':
          return new Promise<AuthorizeOutcome>((resolve) => {
            setTimeout(
              () => resolve({ status: 'authorized', providerRef, amount: req.amount }),
              SLOW_ANSWER_MS,
            ).unref();
          });
        case 'tok_error':
          throw new ProviderUnavailable('test', 'The test provider failed, as tok_error asks.');
        default: {
          const decline = req.token ? DECLINES[req.token] : undefined;
          if (decline) return { status: 'declined', providerRef, ...decline };
          return {
            status: 'declined',
            providerRef: null,
            code: 'invalid_token',
            message: req.token
              ? 'The payment token is not one the test provider knows.'
              : 'A card payment needs a token.',
          };
        }
      }
    },

    async capture(_ref, amount) {
      return { amountCaptured: amount };
    },

    async void() {},

    async refund() {
      return { refundRef: `re_test_${randomUUID()}` };
    },

    async retrieve(req: RetrieveRequest) {
      return paymentFromStored(req.providerRef, req.stored);
    },

    // The outcome of a test payment depends on the token, which Bazaar does not keep: one whose
    // answer was never recorded is one the provider does not know.
    async findByPaymentId() {
      return null;
    },

    verifyWebhook(rawBody, headers, at) {
      verifyTestSignature(opts.webhookSecret, rawBody, headerOf(headers, TEST_SIGNATURE_HEADER), at);
      return parseTestEvent(rawBody);
    },
  };
}
