/**
 * Stripe, through its official SDK: PaymentIntents confirmed on the server with manual capture
 * (authorize at checkout, capture later), Bazaar's payment id as the idempotency key of every call
 * so a retry never charges twice, and the store and order in the metadata. `STRIPE_API_BASE` points
 * the SDK at another host (a Stripe-compatible stand-in).
 *
 * Card declines are outcomes, not failures; a request Stripe refuses (an unknown payment method, a
 * payment in the wrong state) is `ProviderRejected`; everything else (network, 5xx, bad key, rate
 * limit) is `ProviderUnavailable`, which the gateway's circuit breaker counts.
 */
import Stripe from 'stripe';
import { ProviderRejected, ProviderUnavailable, WebhookSignatureInvalid } from './payments.errors.js';
import type { AuthorizeOutcome, PaymentProvider, ProviderEvent, ProviderPayment } from './payments.provider.js';
import { WEBHOOK_TOLERANCE_SECONDS } from './payments.signing.js';

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string | undefined;
  /** Another API host (`http://127.0.0.1:12111`); Stripe's own when absent. */
  apiBase: string | undefined;
  timeoutMs: number;
}

type StripeClient = InstanceType<typeof Stripe>;
type PaymentIntent = Stripe.PaymentIntent;

function hostOptions(apiBase: string | undefined): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!apiBase) return {};
  const u = new URL(apiBase);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** What Stripe's answer means for the payment's state. */
export function paymentOfIntent(pi: PaymentIntent): ProviderPayment {
  const charge = pi.latest_charge && typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const refunded = charge?.amount_refunded ?? 0;
  let state: ProviderPayment['state'];
  switch (pi.status) {
    case 'requires_capture':
      state = 'authorized';
      break;
    case 'succeeded':
      state = refunded > 0 && refunded >= pi.amount_received ? 'refunded' : 'captured';
      break;
    case 'canceled':
      state = 'voided';
      break;
    case 'requires_payment_method':
      state = pi.last_payment_error ? 'declined' : 'requires_action';
      break;
    default:
      state = 'requires_action';
  }
  return { providerRef: pi.id, state, amount: pi.amount, amountCaptured: pi.amount_received, amountRefunded: refunded };
}

function outcomeOf(pi: PaymentIntent, returnUrl: string): AuthorizeOutcome {
  switch (pi.status) {
    case 'requires_capture':
      return { status: 'authorized', providerRef: pi.id, amount: pi.amount_capturable };
    case 'succeeded':
      return { status: 'authorized', providerRef: pi.id, amount: pi.amount_received };
    case 'requires_action': {
      const redirect = pi.next_action?.redirect_to_url?.url;
      if (redirect)
        return {
          status: 'requires_action',
          providerRef: pi.id,
          nextAction: { type: 'redirect_to_url', url: redirect },
        };
      // `use_stripe_sdk`: the storefront finishes 3-D Secure with Stripe.js, then returns.
      return { status: 'requires_action', providerRef: pi.id, nextAction: { type: 'three_d_secure', url: returnUrl } };
    }
    case 'processing':
    case 'requires_confirmation':
      // Settles on its own; the webhook says how. The shopper waits on the order page.
      return { status: 'requires_action', providerRef: pi.id, nextAction: { type: 'redirect_to_url', url: returnUrl } };
    case 'canceled':
      return { status: 'declined', providerRef: pi.id, code: 'canceled', message: 'The payment was canceled.' };
    default: {
      const e = pi.last_payment_error;
      return {
        status: 'declined',
        providerRef: pi.id,
        code: e?.decline_code ?? e?.code ?? 'card_declined',
        message: e?.message ?? 'The payment was declined.',
      };
    }
  }
}

/** Sorts an SDK error into the gateway's two kinds (declines are handled where they can occur). */
function failureOf(err: unknown): Error {
  if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeIdempotencyError) {
    return new ProviderRejected('stripe', err.code ?? 'invalid_request', err.message);
  }
  if (err instanceof Stripe.errors.StripeCardError) {
    return new ProviderRejected('stripe', err.decline_code ?? err.code ?? 'card_declined', err.message);
  }
  const message = err instanceof Error ? err.message : 'Stripe failed.';
  return new ProviderUnavailable('stripe', message, { cause: err });
}

const isMissing = (err: unknown) =>
  err instanceof Stripe.errors.StripeInvalidRequestError && (err.statusCode === 404 || err.code === 'resource_missing');

const headerOf = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

type EventObject = { id?: string; metadata?: Record<string, string> | null; payment_intent?: unknown };

/** A verified Stripe event in Bazaar's words. */
export function eventOf(event: Stripe.Event): ProviderEvent {
  const base = { id: event.id, rawType: event.type, occurredAt: new Date(event.created * 1000) };
  const object = event.data.object as EventObject;
  const paymentIdOf = (o: EventObject) => {
    const id = o.metadata?.paymentId;
    return typeof id === 'string' && id.length <= 36 ? id : null;
  };
  switch (event.type) {
    case 'payment_intent.amount_capturable_updated': {
      const pi = event.data.object;
      return {
        ...base,
        type: 'payment.authorized',
        providerRef: pi.id,
        paymentId: paymentIdOf(object),
        amount: pi.amount_capturable,
      };
    }
    case 'payment_intent.succeeded': {
      const pi = event.data.object;
      return {
        ...base,
        type: 'payment.captured',
        providerRef: pi.id,
        paymentId: paymentIdOf(object),
        amount: pi.amount_received,
      };
    }
    case 'payment_intent.payment_failed': {
      const pi = event.data.object;
      const e = pi.last_payment_error;
      return {
        ...base,
        type: 'payment.failed',
        providerRef: pi.id,
        paymentId: paymentIdOf(object),
        failureCode: e?.decline_code ?? e?.code ?? 'payment_failed',
        failureMessage: e?.message ?? 'The payment failed.',
      };
    }
    case 'payment_intent.canceled': {
      const pi = event.data.object;
      return { ...base, type: 'payment.voided', providerRef: pi.id, paymentId: paymentIdOf(object) };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const pi = charge.payment_intent;
      const providerRef = typeof pi === 'string' ? pi : (pi?.id ?? null);
      return {
        ...base,
        type: 'payment.refunded',
        providerRef,
        paymentId: paymentIdOf(object),
        amount: charge.amount_refunded,
      };
    }
    default:
      return {
        ...base,
        type: 'other',
        providerRef: typeof object.id === 'string' ? object.id : null,
        paymentId: paymentIdOf(object),
      };
  }
}

export function createStripeProvider(opts: StripeProviderOptions): PaymentProvider {
  const client: StripeClient = new Stripe(opts.secretKey, {
    ...hostOptions(opts.apiBase),
    // The gateway times calls out and a retry would outlive it: one attempt per call.
    timeout: opts.timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
  });

  return {
    name: 'stripe',
    methods: ['card'],

    async authorize(req) {
      if (!req.token) {
        return {
          status: 'declined',
          providerRef: null,
          code: 'token_required',
          message: 'A card payment needs a token.',
        };
      }
      try {
        const pi = await client.paymentIntents.create(
          {
            amount: req.amount,
            currency: req.currency.toLowerCase(),
            payment_method: req.token,
            confirm: true,
            capture_method: 'manual',
            return_url: req.returnUrl,
            description: `Order ${req.orderNumber}`,
            metadata: { paymentId: req.paymentId, orderId: req.orderId, tenant: req.tenantSlug },
          },
          { idempotencyKey: `authorize:${req.paymentId}` },
        );
        return outcomeOf(pi, req.returnUrl);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeCardError) {
          return {
            status: 'declined',
            providerRef: err.payment_intent?.id ?? null,
            code: err.decline_code ?? err.code ?? 'card_declined',
            message: err.message,
          };
        }
        // An unknown or unusable payment method is the shopper's to fix, like a decline.
        if (err instanceof Stripe.errors.StripeInvalidRequestError) {
          return {
            status: 'declined',
            providerRef: err.payment_intent?.id ?? null,
            code: err.code ?? 'invalid_request',
            message: err.message,
          };
        }
        throw failureOf(err);
      }
    },

    async capture(ref, amount, idempotencyKey) {
      try {
        const pi = await client.paymentIntents.capture(ref, { amount_to_capture: amount }, { idempotencyKey });
        return { amountCaptured: pi.amount_received };
      } catch (err) {
        throw failureOf(err);
      }
    },

    async void(ref, idempotencyKey) {
      try {
        await client.paymentIntents.cancel(ref, {}, { idempotencyKey });
      } catch (err) {
        throw failureOf(err);
      }
    },

    async refund(ref, amount, idempotencyKey) {
      try {
        const refund = await client.refunds.create({ payment_intent: ref, amount }, { idempotencyKey });
        return { refundRef: refund.id };
      } catch (err) {
        throw failureOf(err);
      }
    },

    async retrieve(req) {
      try {
        return paymentOfIntent(await client.paymentIntents.retrieve(req.providerRef, { expand: ['latest_charge'] }));
      } catch (err) {
        if (isMissing(err)) {
          return { providerRef: req.providerRef, state: 'not_found', amount: 0, amountCaptured: 0, amountRefunded: 0 };
        }
        throw failureOf(err);
      }
    },

    async findByPaymentId(paymentId) {
      try {
        const found = await client.paymentIntents.search({
          query: `metadata['paymentId']:'${paymentId.replace(/[^0-9a-f-]/gi, '')}'`,
          limit: 1,
          expand: ['data.latest_charge'],
        });
        const pi = found.data[0];
        return pi ? paymentOfIntent(pi) : null;
      } catch (err) {
        throw failureOf(err);
      }
    },

    verifyWebhook(rawBody, headers, now) {
      if (!opts.webhookSecret) throw new WebhookSignatureInvalid('Stripe webhooks are not configured here.');
      const signature = headerOf(headers, 'stripe-signature');
      if (!signature) throw new WebhookSignatureInvalid();
      let event: Stripe.Event;
      try {
        event = client.webhooks.constructEvent(
          rawBody,
          signature,
          opts.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          undefined,
          now.getTime(),
        );
      } catch {
        throw new WebhookSignatureInvalid();
      }
      return eventOf(event);
    },
  };
}
