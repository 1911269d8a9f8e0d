/**
 * Request and response schemas of the payments routes: provider webhooks and the test provider's
 * action page. Used inline (no shared `$id`).
 */
import { type Static, Type } from 'typebox';

export const WebhookParams = Type.Object({
  provider: Type.String({
    minLength: 1,
    maxLength: 40,
    pattern: '^[a-z0-9_-]+$',
    description: 'The provider that sends the event: `stripe` or `test`.',
  }),
  tenant: Type.String({ minLength: 1, maxLength: 100, description: 'The store: its slug or id.' }),
});

/** A provider's event: checked against its signature, so only its envelope is described here. */
export const WebhookBody = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 255,
      description: "The provider's event id (deliveries are deduplicated by it).",
    }),
    type: Type.String({ minLength: 1, maxLength: 100 }),
  },
  {
    additionalProperties: true,
    description:
      'The event as the provider sends it. Test provider: `{ id, type: payment.authorized|payment.captured|payment.failed|payment.voided|payment.refunded, created: <unix seconds>, data: { paymentId, providerRef, amount?, failureCode?, failureMessage? } }`.',
  },
);

export const WebhookReceipt = Type.Object(
  {
    received: Type.Literal(true),
    duplicate: Type.Boolean({ description: 'A delivery of an event already received: nothing changed.' }),
  },
  { additionalProperties: false },
);
export type WebhookReceipt = Static<typeof WebhookReceipt>;

export const ActionParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
});

export const ActionQuery = Type.Object(
  {
    returnUrl: Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'Where the shopper goes back to; part of the signed link.',
    }),
  },
  { additionalProperties: false },
);

export const ActionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('decline')], {
      description: 'What the shopper answers.',
    }),
  },
  { additionalProperties: false },
);

export const HtmlPage = {
  description: 'A small HTML page.',
  content: { 'text/html': { schema: Type.String({ maxLength: 100_000 }) } },
};

export const SeeOther = Type.Null({ description: 'Back to the return URL (`Location`).' });
