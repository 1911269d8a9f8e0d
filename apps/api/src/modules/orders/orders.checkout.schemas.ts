/**
 * Request and response schemas of `POST /api/v1/checkout`. The order in the answer is the shared
 * `Order` schema (`OrderRef`), the same one `GET /orders/{id}` answers with.
 */
import { type Static, Type } from 'typebox';
import { AddressInput, Money, NextActionSchema, OrderRef, PaymentRecordStatusName, Uuid } from './orders.schemas.js';

export const CheckoutPaymentMethod = Type.Union(
  [Type.Literal('card'), Type.Literal('upi'), Type.Literal('netbanking'), Type.Literal('cod')],
  { description: 'UPI and net banking are offered by INR stores only; each store enables its own methods.' },
);

export const CheckoutBody = Type.Object(
  {
    cartId: Uuid,
    email: Type.Optional(
      Type.String({
        format: 'email',
        minLength: 3,
        maxLength: 254,
        description: "Required for guests; a signed-in customer's order uses the account's email.",
      }),
    ),
    shippingAddress: AddressInput,
    billingAddress: Type.Optional(AddressInput),
    shippingOptionIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 100,
        uniqueItems: true,
        description:
          'One shipping option id (from `GET /carts/{id}/shipping-options`) per vendor; a vendor left out gets its cheapest option.',
      }),
    ),
    paymentMethod: CheckoutPaymentMethod,
    paymentToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        pattern: '^[A-Za-z0-9_.:-]+$',
        description:
          "The payment provider's token for the card (`tok_visa` with the test provider, a Stripe PaymentMethod id). Never a card number.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type CheckoutBody = Static<typeof CheckoutBody>;

export const CheckoutHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ maxLength: 255, description: 'Required: one checkout per key (1–255 characters).' }),
  ),
  'x-cart-token': Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "A guest cart's token (from `POST /carts`)." }),
  ),
});

export const CheckoutPayment = Type.Object({
  id: Uuid,
  status: PaymentRecordStatusName,
  method: CheckoutPaymentMethod,
  amount: Money,
  nextAction: Type.Optional(NextActionSchema),
});
export type CheckoutPayment = Static<typeof CheckoutPayment>;

export const CheckoutResult = Type.Object(
  {
    order: OrderRef,
    payment: CheckoutPayment,
    orderToken: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'Guests only, returned once: send it as `X-Order-Token` to read the order. Bazaar keeps only its hash.',
      }),
    ),
    streamToken: Type.String({
      maxLength: 2048,
      description: 'A 10-minute read-only token for the live status stream `GET /orders/{id}/events?token=`.',
    }),
  },
  {
    description:
      'The order placed (`pending` until the payment is authorized or an action is completed, `confirmed` once it is) and its payment. With `payment.status = requires_action`, send the shopper to `payment.nextAction.url`.',
  },
);
