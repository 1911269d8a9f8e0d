/**
 * How an order's personal data is sealed and found, and the guest's order token. Checkout writes
 * with these, the reader and the lookup read with them: one definition, so the two always agree.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PiiCipher } from '../../platform/crypto/pii.js';

/** Encryption context of `orders.email_ciphertext` in a store. */
export const orderEmailContext = (tenantId: string): string => `orders.email:${tenantId}`;

/** Encryption context of `orders.shipping_address_ciphertext` / `billing_address_ciphertext`. */
export const orderAddressContext = (tenantId: string, kind: 'shipping' | 'billing'): string =>
  `orders.${kind}_address:${tenantId}`;

/** Purpose of the email blind index (`orders.email_hash`): `pii.blindIndex(email.toLowerCase(), …)`. */
export const ORDER_EMAIL_INDEX = 'orders.email';

/** Sealed columns of orders, for key rotation. */
export const ORDERS_SEALED_COLUMNS = [
  { table: 'orders', column: 'email_ciphertext', context: orderEmailContext },
  {
    table: 'orders',
    column: 'shipping_address_ciphertext',
    context: (tenantId: string) => orderAddressContext(tenantId, 'shipping'),
  },
  {
    table: 'orders',
    column: 'billing_address_ciphertext',
    context: (tenantId: string) => orderAddressContext(tenantId, 'billing'),
  },
] as const;

/** SHA-256 (base64url) of a guest's order token: what `orders.order_token_hash` stores. */
export const hashOrderToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

/** A new guest order token (returned once, at checkout) and the hash to store. */
export function newOrderToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOrderToken(token) };
}

/**
 * The secret carriers sign tracking webhooks with: derived from the encryption keys, so every
 * process of a deployment agrees on it without another setting (as the test payment provider's).
 */
export const carrierWebhookSecretOf = (pii: PiiCipher): string =>
  pii.blindIndex('carrier-webhooks', 'shipping.webhook');
