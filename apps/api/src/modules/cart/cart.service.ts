/**
 * Shopping carts: guest carts addressed by a secret token, one active cart per customer, merged at
 * login, priced on the server on every read with the pure pricing module, and handed to checkout.
 *
 * Concurrency: every change starts with `update carts set version = version + 1 … returning`, which
 * takes the cart row's lock, so changes to one cart run one after another and none is lost (the
 * version also serves as the ETag). Lines are unique per variant; adding a variant already in the
 * cart sums the quantities in one upsert.
 *
 * Guest tokens are 32 random bytes (base64url), returned once; only their SHA-256 is stored. A
 * cart the caller may not use is indistinguishable from one that does not exist (404).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type SQL, and, count, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { RequestContext, TxContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import { currentActorSql } from '../../platform/db/columns.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BadRequest, BusinessRuleViolation, NotFound, Unauthorized, VersionConflict } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import {
  type PricingRules,
  type PromotionRule,
  type Quote,
  type ShippingOption,
  chooseShipping,
  loadPricingRules,
  normaliseCode,
  priceQuote,
  quoteUses,
} from '../pricing/index.js';
import { type StoreSettings, getStoreSettings, tenants } from '../tenancy/index.js';
import { cartItems, carts } from './cart.tables.js';
import type {
  AddItemBody,
  Cart,
  CartAddressBody,
  CartItem,
  CartShippingOption,
  CreateCartBody,
  UpdateItemBody,
} from './cart.schemas.js';

/** How long a guest cart lives after its last change. */
export const GUEST_CART_TTL_DAYS = 7;
/** Distinct variants in one cart. */
export const MAX_CART_LINES = 100;
export const MAX_LINE_QUANTITY = 100;
export const MAX_CART_COUPONS = 10;

export const CartEvents = { created: 'cart.created.v1' } as const;
export interface CartCreatedPayload {
  cartId: string;
}

/** Who is asking for a cart: the signed-in user, and the guest token the request carries. */
export interface CartAccess {
  userId: string | null;
  cartToken: string | null;
}

export interface CheckoutLine {
  lineId: string;
  variantId: string;
  productId: string;
  vendorId: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  unitPrice: number;
  quantity: number;
  /** Per unit. */
  weightGrams: number;
}

/** A cart checked for checkout and priced for the shipping address. */
export interface CheckoutCart {
  cartId: string;
  userId: string | null;
  currency: string;
  couponCodes: string[];
  pricesIncludeTax: boolean;
  quote: Quote;
  lines: CheckoutLine[];
  /** The promotions the quote applied: the ones checkout counts with `redeemPromotions`. */
  promotions: PromotionRule[];
}

export interface CartDeps {
  uow: UnitOfWork;
  events: EventBus;
}

type CartRow = typeof carts.$inferSelect;

// ------------------------------------------------------------------------------------------ errors

export class CartNotFound extends NotFound {
  constructor() {
    super('cart_not_found', 'No cart with this id exists, or it is not yours (guest carts need X-Cart-Token).');
  }
}

class CartItemNotFound extends NotFound {
  constructor() {
    super('cart_item_not_found', 'The cart has no line with this id.');
  }
}

class CartNotActive extends BusinessRuleViolation {
  constructor(status: string) {
    super('cart_not_active', `This cart was ${status} and can no longer change.`, { status });
  }
}

class VariantUnavailable extends BusinessRuleViolation {
  constructor(variantId: string) {
    super('variant_unavailable', 'This product variant is not for sale.', { variantId });
  }
}

class QuantityUnavailable extends BusinessRuleViolation {
  constructor(variantId: string, requested: number, available: number) {
    super('quantity_unavailable', `Only ${available} of this item can be bought now.`, {
      variants: [{ variantId, requested, available }],
    });
  }
}

/** The same problem as checkout's: the cart can be priced only with options its vendors offer. */
class ShippingOptionUnavailable extends BusinessRuleViolation {
  constructor(optionIds: readonly string[]) {
    super(
      'shipping_option_unavailable',
      'A shipping option chosen is not offered for this cart and address; choose among the cart’s shipping options.',
      { shippingOptionIds: optionIds },
    );
  }
}

// ---------------------------------------------------------------------------------------- helpers

export const hashCartToken = (token: string): string => createHash('sha256').update(token).digest('hex');

function tokenMatches(token: string | null, hash: string | null): boolean {
  if (token === null || hash === null) return false;
  const a = Buffer.from(hashCartToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A guest cart needs its token; a customer's cart only its customer. */
function mayUse(row: CartRow, access: CartAccess): boolean {
  if (row.userId !== null) return access.userId === row.userId;
  return tokenMatches(access.cartToken, row.tokenHash);
}

/** Guest carts past their expiry are gone for every purpose. */
const notExpired = or(isNotNull(carts.userId), isNull(carts.expiresAt), sql`${carts.expiresAt} > now()`);
const guestExpiry = sql`now() + make_interval(days => ${GUEST_CART_TTL_DAYS})`;

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

/** A line as loaded with its variant, product, vendor and first image (one query per cart). */
interface LineRow {
  id: string;
  variant_id: string;
  quantity: number;
  sku: string;
  options: Record<string, string> | null;
  price: number;
  weight_grams: number | null;
  available: number;
  sellable: boolean;
  product_id: string;
  product_slug: string;
  title: string;
  vendor_id: string;
  vendor_slug: string;
  vendor_name: string;
  image_key: string | null;
  image_thumbnail_key: string | null;
  image_alt: string | null;
  image_width: number | null;
  image_height: number | null;
}

const mediaUrl = (key: string) => `/api/v1/media/${key}`;

/**
 * Sellable: the variant is active and not deleted, its product listed (active, vendor approved)
 * and priced in the cart's currency.
 */
async function loadLines(tx: TxContext, cart: Pick<CartRow, 'id' | 'currency'>): Promise<LineRow[]> {
  const language = tx.locale.toLowerCase().split('-')[0] ?? 'en';
  return rowsOf<LineRow>(
    await tx.tx.execute(sql`
      select ci.id, ci.variant_id, ci.quantity,
             v.sku, v.options, v.price, v.weight_grams,
             greatest(v.on_hand - v.reserved, 0) as available,
             (v.active and v.deleted_at is null and p.listed and p.currency = ${cart.currency}) as sellable,
             p.id as product_id, p.slug as product_slug,
             coalesce(nullif(p.translations -> ${tx.locale.toLowerCase()}::text ->> 'title', ''),
                      nullif(p.translations -> ${language}::text ->> 'title', ''), p.title) as title,
             ve.id as vendor_id, ve.slug as vendor_slug, ve.name as vendor_name,
             img.storage_key as image_key, img.thumbnail_key as image_thumbnail_key, img.alt as image_alt,
             img.width as image_width, img.height as image_height
        from cart_items ci
        join variants v on v.tenant_id = ci.tenant_id and v.id = ci.variant_id
        join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
        join vendors ve on ve.tenant_id = p.tenant_id and ve.id = p.vendor_id
        left join lateral (
          select pi.storage_key, pi.thumbnail_key, pi.alt, pi.width, pi.height
            from product_images pi
           where pi.tenant_id = p.tenant_id and pi.product_id = p.id and pi.deleted_at is null
           order by (pi.id = p.primary_image_id) desc nulls last, pi.position, pi.id
           limit 1
        ) img on true
       where ci.cart_id = ${cart.id}
       order by ci.created_at, ci.id`),
  );
}

/** One variant as the cart sees it, or null when it does not exist. */
async function variantOf(
  tx: TxContext,
  variantId: string,
  currency: string,
): Promise<{ available: number; sellable: boolean } | null> {
  const [row] = rowsOf<{ available: number; sellable: boolean }>(
    await tx.tx.execute(sql`
      select greatest(v.on_hand - v.reserved, 0) as available,
             (v.active and v.deleted_at is null and p.listed and p.currency = ${currency}) as sellable
        from variants v
        join products p on p.tenant_id = v.tenant_id and p.id = v.product_id
       where v.id = ${variantId}`),
  );
  return row ?? null;
}

interface Priced {
  lines: LineRow[];
  settings: StoreSettings;
  rules: PricingRules;
  quote: Quote;
}

// ---------------------------------------------------------------------------------------- service

export function createCartService({ uow, events }: CartDeps) {
  async function storeOf(tx: TxContext): Promise<{ id: string; slug: string; defaultCurrency: string }> {
    if (!tx.tenantId) throw new BadRequest('tenant_required', 'Name the store with X-Tenant-ID or use its domain.');
    if (tx.tenant && tx.tenant.id === tx.tenantId) return tx.tenant;
    const [row] = await tx.tx
      .select({ id: tenants.id, slug: tenants.slug, defaultCurrency: tenants.defaultCurrency })
      .from(tenants)
      .where(eq(tenants.id, tx.tenantId));
    if (!row) throw new NotFound('tenant_not_found', 'No store matches this request.');
    return row;
  }

  async function created(tx: TxContext, cartId: string): Promise<void> {
    await events.publish<CartCreatedPayload>(tx, {
      type: CartEvents.created,
      aggregateType: 'cart',
      aggregateId: cartId,
      payload: { cartId },
    });
  }

  /**
   * The customer's active cart, created when absent. Race-safe: the insert yields to the partial
   * unique index (one active cart per customer), then the row is read (and locked) whoever won.
   */
  async function ensureUserCart(tx: TxContext, userId: string, lock = true): Promise<CartRow> {
    const store = await storeOf(tx);
    const inserted = await tx.tx
      .insert(carts)
      .values({ id: newId(), userId, currency: store.defaultCurrency })
      .onConflictDoNothing({
        target: [carts.tenantId, carts.userId],
        where: sql`status = 'active' and user_id is not null and deleted_at is null`,
      })
      .returning({ id: carts.id });
    if (inserted[0]) await created(tx, inserted[0].id);
    const q = tx.tx
      .select()
      .from(carts)
      .where(and(eq(carts.userId, userId), eq(carts.status, 'active'), isNull(carts.deletedAt)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new CartNotFound();
    return row;
  }

  /** A cart the caller may read, or 404. */
  async function findUsable(tx: TxContext, cartId: string, access: CartAccess): Promise<CartRow> {
    const [row] = await tx.tx
      .select()
      .from(carts)
      .where(and(eq(carts.id, cartId), isNull(carts.deletedAt), notExpired));
    if (!row || !mayUse(row, access)) throw new CartNotFound();
    return row;
  }

  /**
   * Starts a change: bumps the version (taking the row lock), slides a guest cart's expiry and
   * applies `set`. Checks access, status and an optional expected version afterwards; a failure
   * rolls the whole unit of work back.
   */
  async function beginChange(
    tx: TxContext,
    cartId: string,
    access: CartAccess,
    expectedVersion: number | undefined,
    set: Partial<Pick<CartRow, 'shipCountry' | 'shipRegion'>> & { couponCodes?: SQL } = {},
  ): Promise<CartRow> {
    const [row] = await tx.tx
      .update(carts)
      .set({
        ...set,
        version: sql`${carts.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: currentActorSql,
        expiresAt: sql`case when ${carts.userId} is null then ${guestExpiry} else ${carts.expiresAt} end`,
      })
      .where(and(eq(carts.id, cartId), isNull(carts.deletedAt), notExpired))
      .returning();
    if (!row || !mayUse(row, access)) throw new CartNotFound();
    if (row.status !== 'active') throw new CartNotActive(row.status);
    if (expectedVersion !== undefined && row.version - 1 !== expectedVersion)
      throw new VersionConflict(row.version - 1);
    return row;
  }

  async function price(
    tx: TxContext,
    cart: CartRow,
    opts: {
      codes?: string[];
      address?: { country: string; region: string | null };
      customerKey?: string | null;
      selectedShipping?: Record<string, string>;
      lines?: LineRow[];
    } = {},
  ): Promise<Priced> {
    const lines = opts.lines ?? (await loadLines(tx, cart));
    const settings = await getStoreSettings(tx.tx, await storeOf(tx));
    const address = opts.address ?? {
      country: cart.shipCountry ?? settings.defaultCountry,
      region: cart.shipCountry ? cart.shipRegion : null,
    };
    const rules = await loadPricingRules(tx.tx, {
      country: address.country,
      region: address.region,
      codes: opts.codes ?? cart.couponCodes,
      vendorIds: [...new Set(lines.map((l) => l.vendor_id))],
      customerKey: opts.customerKey === undefined ? cart.userId : opts.customerKey,
    });
    const quote = priceQuote({
      currency: cart.currency,
      pricesIncludeTax: settings.pricesIncludeTax,
      lines: lines.map((l) => ({
        lineId: l.id,
        variantId: l.variant_id,
        productId: l.product_id,
        vendorId: l.vendor_id,
        unitPrice: l.price,
        quantity: l.quantity,
        weightGrams: l.weight_grams ?? 0,
      })),
      address,
      taxRates: rules.taxRates,
      zones: rules.zones,
      rates: rules.rates,
      promotions: rules.promotions,
      unknownCodes: rules.unknownCodes,
      selectedShipping: opts.selectedShipping ?? {},
      now: new Date(),
    });
    return { lines, settings, rules, quote };
  }

  function shippingOptionOf(o: ShippingOption, currency: string): CartShippingOption {
    return {
      id: o.id,
      vendorId: o.vendorId,
      name: o.name,
      price: { amount: o.price, currency },
      estimatedDays: { min: o.minDays, max: o.maxDays },
    };
  }

  function represent(cart: CartRow, priced: Priced, token?: string): Cart {
    const { quote, lines } = priced;
    const currency = cart.currency;
    const money = (amount: number) => ({ amount, currency });
    const quoted = new Map(quote.lines.map((l) => [l.lineId, l]));
    const items: CartItem[] = lines.map((l) => {
      const q = quoted.get(l.id);
      return {
        id: l.id,
        variantId: l.variant_id,
        productId: l.product_id,
        productSlug: l.product_slug,
        title: l.title,
        sku: l.sku,
        options: l.options ?? {},
        image:
          l.image_key !== null && l.image_thumbnail_key !== null
            ? {
                url: mediaUrl(l.image_key),
                thumbnailUrl: mediaUrl(l.image_thumbnail_key),
                alt: l.image_alt ?? '',
                width: l.image_width ?? 1,
                height: l.image_height ?? 1,
              }
            : null,
        vendor: { id: l.vendor_id, slug: l.vendor_slug, name: l.vendor_name },
        unitPrice: money(l.price),
        quantity: l.quantity,
        available: l.sellable ? l.available : 0,
        purchasable: l.sellable,
        lineTotal: money(q?.subtotal ?? l.price * l.quantity),
        discount: money(q?.discount ?? 0),
        tax: money(q?.tax ?? 0),
      };
    });
    const coupons = cart.couponCodes.map((code) => {
      const applied = quote.applied.find((a) => a.code === code);
      if (applied) return { code, applied: true, amount: money(applied.amount) };
      const rejected = quote.rejected.find((r) => r.code === code);
      return { code, applied: false, reason: rejected?.reason ?? 'not_applicable', amount: money(0) };
    });
    return {
      id: cart.id,
      ...(token ? { token } : {}),
      userId: cart.userId,
      status: cart.status,
      currency,
      country: cart.shipCountry,
      region: cart.shipRegion,
      items,
      coupons,
      promotions: quote.applied.map((a) => ({
        id: a.id,
        code: a.code,
        name: a.name,
        kind: a.kind,
        amount: money(a.amount),
      })),
      totals: {
        subtotal: money(quote.subtotal),
        discount: money(quote.discountTotal),
        shipping: money(quote.shippingTotal),
        tax: money(quote.taxTotal),
        total: money(quote.total),
      },
      taxIncluded: quote.pricesIncludeTax,
      shipping: quote.vendors.map((v) => ({
        vendorId: v.vendorId,
        option: v.shipping ? shippingOptionOf(v.shipping, currency) : null,
      })),
      itemCount: lines.reduce((s, l) => s + l.quantity, 0),
      orderId: cart.orderId,
      version: cart.version,
      updatedAt: iso(cart.updatedAt) as string,
      expiresAt: iso(cart.expiresAt),
    };
  }

  const view = async (tx: TxContext, cart: CartRow, token?: string) => represent(cart, await price(tx, cart), token);

  /** A variant that may go into the cart, or 422 `variant_unavailable`. */
  async function requireSellable(tx: TxContext, cart: CartRow, variantId: string) {
    const v = await variantOf(tx, variantId, cart.currency);
    if (!v || !v.sellable) throw new VariantUnavailable(variantId);
    return v;
  }

  return {
    /**
     * A new cart. A signed-in customer gets their active cart (created when absent; no token); a
     * guest gets a new cart and its token, shown only in this answer.
     */
    async create(ctx: RequestContext, access: CartAccess, body: CreateCartBody): Promise<Cart> {
      const address =
        body.country === undefined
          ? {}
          : { shipCountry: body.country.toUpperCase(), shipRegion: body.region?.toUpperCase() ?? null };
      return uow(ctx, async (tx) => {
        if (access.userId) {
          let cart = await ensureUserCart(tx, access.userId, false);
          if (body.country !== undefined) cart = await beginChange(tx, cart.id, access, undefined, address);
          return view(tx, cart);
        }
        const store = await storeOf(tx);
        const token = randomBytes(32).toString('base64url');
        const [cart] = await tx.tx
          .insert(carts)
          .values({
            id: newId(),
            userId: null,
            tokenHash: hashCartToken(token),
            currency: store.defaultCurrency,
            expiresAt: guestExpiry,
            ...address,
          })
          .returning();
        const row = cart as CartRow;
        await created(tx, row.id);
        return view(tx, row, token);
      });
    },

    /**
     * The cart, priced. `shippingOptionIds` (at most one per vendor, from `shippingOptions`) prices it
     * with those rates instead of each vendor's cheapest, as checkout will with the same ids.
     */
    async get(
      ctx: RequestContext,
      cartId: string,
      access: CartAccess,
      shippingOptionIds: readonly string[] = [],
    ): Promise<Cart> {
      return uow(ctx, async (tx) => {
        const cart = await findUsable(tx, cartId, access);
        let priced = await price(tx, cart);
        if (shippingOptionIds.length > 0) {
          const { selected, unknown } = chooseShipping(priced.quote, shippingOptionIds);
          if (unknown.length > 0) throw new ShippingOptionUnavailable(unknown);
          if (!quoteUses(priced.quote, selected)) {
            priced = await price(tx, cart, { lines: priced.lines, selectedShipping: selected });
          }
        }
        return represent(cart, priced);
      });
    },

    /** The signed-in customer's active cart, created when absent. */
    async mine(ctx: RequestContext): Promise<Cart> {
      if (ctx.actor?.kind !== 'user') throw new Unauthorized();
      const userId = ctx.actor.id;
      return uow(ctx, async (tx) => view(tx, await ensureUserCart(tx, userId, false)));
    },

    /**
     * Adds units of a variant; a variant already in the cart gets the quantities summed (at most
     * 100). The resulting quantity must be available now (`on_hand − reserved`).
     */
    async addItem(
      ctx: RequestContext,
      cartId: string,
      access: CartAccess,
      body: AddItemBody,
      expectedVersion?: number,
    ): Promise<Cart> {
      return uow(ctx, async (tx) => {
        const cart = await beginChange(tx, cartId, access, expectedVersion);
        const variant = await requireSellable(tx, cart, body.variantId);
        const [line] = await tx.tx
          .insert(cartItems)
          .values({ id: newId(), cartId: cart.id, variantId: body.variantId, quantity: body.quantity })
          .onConflictDoUpdate({
            target: [cartItems.tenantId, cartItems.cartId, cartItems.variantId],
            set: {
              quantity: sql`least(${cartItems.quantity} + excluded.quantity, ${MAX_LINE_QUANTITY})`,
              version: sql`${cartItems.version} + 1`,
              updatedAt: sql`now()`,
              updatedBy: currentActorSql,
            },
          })
          .returning({ quantity: cartItems.quantity });
        const quantity = line?.quantity ?? body.quantity;
        if (quantity > variant.available) throw new QuantityUnavailable(body.variantId, quantity, variant.available);
        const [lines] = await tx.tx.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cart.id));
        if ((lines?.n ?? 0) > MAX_CART_LINES) {
          throw new BusinessRuleViolation('cart_full', `A cart holds at most ${MAX_CART_LINES} different items.`);
        }
        return view(tx, cart);
      });
    },

    /** Sets a line's quantity. Raising it needs the units to be available; lowering always works. */
    async updateItem(
      ctx: RequestContext,
      cartId: string,
      itemId: string,
      access: CartAccess,
      body: UpdateItemBody,
      expectedVersion?: number,
    ): Promise<Cart> {
      return uow(ctx, async (tx) => {
        const cart = await beginChange(tx, cartId, access, expectedVersion);
        const [line] = await tx.tx
          .select({ variantId: cartItems.variantId, quantity: cartItems.quantity })
          .from(cartItems)
          .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cart.id)));
        if (!line) throw new CartItemNotFound();
        if (body.quantity > line.quantity) {
          const variant = await requireSellable(tx, cart, line.variantId);
          if (body.quantity > variant.available) {
            throw new QuantityUnavailable(line.variantId, body.quantity, variant.available);
          }
        }
        await tx.tx
          .update(cartItems)
          .set({
            quantity: body.quantity,
            version: sql`${cartItems.version} + 1`,
            updatedAt: sql`now()`,
            updatedBy: currentActorSql,
          })
          .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cart.id)));
        return view(tx, cart);
      });
    },

    async removeItem(
      ctx: RequestContext,
      cartId: string,
      itemId: string,
      access: CartAccess,
      expectedVersion?: number,
    ): Promise<Cart> {
      return uow(ctx, async (tx) => {
        const cart = await beginChange(tx, cartId, access, expectedVersion);
        const removed = await tx.tx
          .delete(cartItems)
          .where(and(eq(cartItems.id, itemId), eq(cartItems.cartId, cart.id)))
          .returning({ id: cartItems.id });
        if (removed.length === 0) throw new CartItemNotFound();
        return view(tx, cart);
      });
    },

    /** Where the cart ships: decides the shipping options and the tax rate. */
    async setAddress(
      ctx: RequestContext,
      cartId: string,
      access: CartAccess,
      body: CartAddressBody,
      expectedVersion?: number,
    ): Promise<Cart> {
      return uow(ctx, async (tx) => {
        const cart = await beginChange(tx, cartId, access, expectedVersion, {
          shipCountry: body.country.toUpperCase(),
          shipRegion: body.region?.toUpperCase() ?? null,
        });
        return view(tx, cart);
      });
    },

    /**
     * Enters a coupon code. It must exist and apply to the cart as it is now (422 `coupon_invalid`
     * with the `reason` otherwise); it is kept upper case and re-checked on every pricing.
     */
    async applyCoupon(
      ctx: RequestContext,
      cartId: string,
      access: CartAccess,
      rawCode: string,
      expectedVersion?: number,
    ): Promise<Cart> {
      const code = normaliseCode(rawCode);
      return uow(ctx, async (tx) => {
        const cart = await beginChange(tx, cartId, access, expectedVersion);
        if (cart.couponCodes.includes(code)) return view(tx, cart);
        if (cart.couponCodes.length >= MAX_CART_COUPONS) {
          throw new BusinessRuleViolation('too_many_coupons', `A cart takes at most ${MAX_CART_COUPONS} coupon codes.`);
        }
        const codes = [...cart.couponCodes, code];
        const priced = await price(tx, cart, { codes });
        const rejected = priced.quote.rejected.find((r) => r.code === code);
        if (rejected) {
          throw new BusinessRuleViolation('coupon_invalid', couponMessage(code, rejected.reason), {
            couponCode: code,
            reason: rejected.reason,
          });
        }
        const [row] = await tx.tx.update(carts).set({ couponCodes: codes }).where(eq(carts.id, cart.id)).returning();
        return represent(row as CartRow, priced);
      });
    },

    /** Takes a code out of the cart (removing one that is not there changes nothing else). */
    async removeCoupon(
      ctx: RequestContext,
      cartId: string,
      access: CartAccess,
      rawCode: string,
      expectedVersion?: number,
    ): Promise<Cart> {
      const code = normaliseCode(rawCode);
      return uow(ctx, async (tx) => {
        const cart = await beginChange(tx, cartId, access, expectedVersion, {
          couponCodes: sql`array_remove(${carts.couponCodes}, ${code}::text)`,
        });
        return view(tx, cart);
      });
    },

    /** Every vendor's shipping options for the cart's address (or the store's default country). */
    async shippingOptions(ctx: RequestContext, cartId: string, access: CartAccess): Promise<CartShippingOption[]> {
      return uow(ctx, async (tx) => {
        const cart = await findUsable(tx, cartId, access);
        const { quote } = await price(tx, cart);
        return quote.vendors.flatMap((v) => v.options.map((o) => shippingOptionOf(o, cart.currency)));
      });
    },

    /**
     * The cart as checkout takes it, inside checkout's transaction: the cart row locked (a
     * concurrent change waits), every line sellable, priced for the shipping address and the
     * chosen options, every vendor reachable.
     */
    async prepareCheckout(
      ctx: TxContext,
      q: {
        cartId: string;
        access: CartAccess;
        address: { country: string; region: string | null };
        selectedShipping: Record<string, string>;
        customerKey: string | null;
      },
    ): Promise<CheckoutCart> {
      const [cart] = await ctx.tx
        .select()
        .from(carts)
        .where(and(eq(carts.id, q.cartId), isNull(carts.deletedAt), notExpired))
        .for('update');
      if (!cart || !mayUse(cart, q.access)) throw new CartNotFound();
      if (cart.status !== 'active') throw new CartNotActive(cart.status);
      const lines = await loadLines(ctx, cart);
      if (lines.length === 0) throw new BusinessRuleViolation('cart_empty', 'The cart has no items.');
      const unavailable = lines.filter((l) => !l.sellable);
      if (unavailable.length > 0) {
        throw new BusinessRuleViolation(
          'cart_unavailable_items',
          'Some items in the cart are no longer sold; remove them to check out.',
          { items: unavailable.map((l) => ({ itemId: l.id, variantId: l.variant_id, sku: l.sku })) },
        );
      }
      const address = { country: q.address.country.toUpperCase(), region: q.address.region?.toUpperCase() ?? null };
      const priced = await price(ctx, cart, {
        lines,
        address,
        customerKey: q.customerKey,
        selectedShipping: q.selectedShipping,
      });
      const { quote, rules, settings } = priced;
      if (quote.unshippableVendorIds.length > 0) {
        const names = new Map(lines.map((l) => [l.vendor_id, l.vendor_name]));
        throw new BusinessRuleViolation(
          'shipping_unavailable',
          'Some sellers in the cart do not ship to this address.',
          { vendors: quote.unshippableVendorIds.map((id) => ({ vendorId: id, name: names.get(id) ?? '' })) },
        );
      }
      const applied = new Set(quote.applied.map((a) => a.id));
      return {
        cartId: cart.id,
        userId: cart.userId,
        currency: cart.currency,
        couponCodes: cart.couponCodes,
        pricesIncludeTax: settings.pricesIncludeTax,
        quote,
        lines: lines.map((l) => ({
          lineId: l.id,
          variantId: l.variant_id,
          productId: l.product_id,
          vendorId: l.vendor_id,
          sku: l.sku,
          title: l.title,
          options: l.options ?? {},
          unitPrice: l.price,
          quantity: l.quantity,
          weightGrams: l.weight_grams ?? 0,
        })),
        promotions: rules.promotions.filter((p) => applied.has(p.id)),
      };
    },

    /** Marks the cart as the order it became (in checkout's transaction). */
    async markCartConverted(ctx: TxContext, cartId: string, orderId: string): Promise<void> {
      const updated = await ctx.tx
        .update(carts)
        .set({
          status: 'converted',
          orderId,
          expiresAt: null,
          version: sql`${carts.version} + 1`,
          updatedAt: sql`now()`,
          updatedBy: currentActorSql,
        })
        .where(and(eq(carts.id, cartId), eq(carts.status, 'active'), isNull(carts.deletedAt)))
        .returning({ id: carts.id });
      if (updated.length > 0) return;
      const [row] = await ctx.tx
        .select({ status: carts.status, orderId: carts.orderId })
        .from(carts)
        .where(eq(carts.id, cartId));
      if (!row) throw new CartNotFound();
      if (row.status === 'converted' && row.orderId === orderId) return;
      throw new CartNotActive(row.status);
    },

    /**
     * Merges a guest cart into the customer's active cart at sign-in, in the login transaction.
     * Built from steps that cannot fail on the shopper's data: a guest cart that is not found, not
     * the token's, expired or already merged is ignored; lines no longer sold or out of stock are
     * skipped; quantities are summed and capped by availability and 100 (never below what the
     * customer already had); coupon codes are united. The guest cart becomes `merged`.
     */
    async mergeAtLogin(
      ctx: TxContext,
      input: { userId: string; cartId?: string | undefined; cartToken?: string | undefined },
    ): Promise<void> {
      if (!input.cartToken) return;
      const [guest] = await ctx.tx
        .select()
        .from(carts)
        .where(
          and(
            eq(carts.tokenHash, hashCartToken(input.cartToken)),
            input.cartId ? eq(carts.id, input.cartId) : undefined,
            isNull(carts.userId),
            eq(carts.status, 'active'),
            isNull(carts.deletedAt),
            notExpired,
          ),
        )
        .for('update');
      if (!guest) return;
      const target = await ensureUserCart(ctx, input.userId);
      const guestLines = (await loadLines(ctx, guest)).filter((l) => l.sellable && l.available > 0);
      const variantIds = guestLines.map((l) => l.variant_id);
      const own =
        variantIds.length === 0
          ? []
          : await ctx.tx
              .select({ variantId: cartItems.variantId, quantity: cartItems.quantity })
              .from(cartItems)
              .where(and(eq(cartItems.cartId, target.id), inArray(cartItems.variantId, variantIds)));
      const ownQuantity = new Map(own.map((o) => [o.variantId, o.quantity]));
      const [ownLines] = await ctx.tx.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, target.id));
      let room = MAX_CART_LINES - (ownLines?.n ?? 0);
      const merged: Array<{ id: string; cartId: string; variantId: string; quantity: number }> = [];
      for (const l of guestLines) {
        const had = ownQuantity.get(l.variant_id);
        const cap = Math.min(MAX_LINE_QUANTITY, l.available);
        if (had === undefined) {
          if (room <= 0) continue;
          room -= 1;
          merged.push({ id: newId(), cartId: target.id, variantId: l.variant_id, quantity: Math.min(l.quantity, cap) });
        } else {
          const quantity = Math.max(had, Math.min(had + l.quantity, cap));
          if (quantity !== had) merged.push({ id: newId(), cartId: target.id, variantId: l.variant_id, quantity });
        }
      }
      if (merged.length > 0) {
        await ctx.tx
          .insert(cartItems)
          .values(merged)
          .onConflictDoUpdate({
            target: [cartItems.tenantId, cartItems.cartId, cartItems.variantId],
            set: {
              quantity: sql`excluded.quantity`,
              version: sql`${cartItems.version} + 1`,
              updatedAt: sql`now()`,
            },
          });
      }
      const codes = [...new Set([...target.couponCodes, ...guest.couponCodes])].slice(0, MAX_CART_COUPONS);
      await ctx.tx
        .update(carts)
        .set({
          couponCodes: codes,
          ...(target.shipCountry === null && guest.shipCountry !== null
            ? { shipCountry: guest.shipCountry, shipRegion: guest.shipRegion }
            : {}),
          version: sql`${carts.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(eq(carts.id, target.id));
      await ctx.tx
        .update(carts)
        .set({ status: 'merged', version: sql`${carts.version} + 1`, updatedAt: sql`now()` })
        .where(eq(carts.id, guest.id));
    },
  };
}

function couponMessage(code: string, reason: string): string {
  switch (reason) {
    case 'unknown':
      return `There is no coupon ${code}.`;
    case 'expired':
      return `The coupon ${code} has expired.`;
    case 'not_started':
      return `The coupon ${code} is not valid yet.`;
    case 'inactive':
      return `The coupon ${code} is not active.`;
    case 'minimum_not_met':
      return `The cart does not reach the minimum for the coupon ${code}.`;
    case 'usage_limit_reached':
      return `The coupon ${code} has been used as often as it allows.`;
    default:
      return `The coupon ${code} does not apply to the items in this cart.`;
  }
}

export type CartService = ReturnType<typeof createCartService>;
