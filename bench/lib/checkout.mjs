/**
 * The checkout scenario: guest carts prepared beforehand in the database (real PostgreSQL only),
 * then `POST /api/v1/checkout` with `tok_visa` on a fixed number of concurrent connections, each
 * request with its own cart, cart token and Idempotency-Key, until every cart has been checked out
 * (or the time cap). Reports orders per second and latency; then reads the database back and
 * checks that no unit was sold twice: for every variant, on hand + sold = initial, nothing left
 * reserved, and every 201 is one confirmed order.
 *
 * Stock is deliberately short (fewer units than carts ask for) and a share of the carts hold two
 * variants, so checkouts race for the same rows and some lose: a 409 `insufficient_inventory` is
 * an expected answer here, not a failure. Any 5xx or connection error makes the run invalid.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

/**
 * @typedef {object} CheckoutPlan
 * @property {string} store        Slug of the store the carts belong to (created when absent).
 * @property {number} carts
 * @property {number} variants
 * @property {number} unitsPerVariant
 * @property {number} connections
 * @property {number} maxSeconds   Stop taking new carts after this long.
 */

/**
 * @typedef {object} CheckoutResult
 * @property {string} name
 * @property {string} description
 * @property {CheckoutPlan} plan
 * @property {number} attempted
 * @property {Record<string, number>} statusCodes
 * @property {number} orders          201 answers.
 * @property {number} ordersPerSec    201 answers per second of the run.
 * @property {number} requestsPerSec
 * @property {number} p50Ms
 * @property {number} p95Ms
 * @property {number} p99Ms
 * @property {number} maxMs
 * @property {number} errors          Connection errors.
 * @property {number} durationS
 * @property {{ initialUnits: number, soldUnits: number, onHandUnits: number, reservedUnits: number,
 *   oversoldVariants: number, confirmedOrders: number }} stock
 * @property {string[]} problems
 * @property {{ label: string, status: 'met' | 'missed' | 'not judged', value: string }[]} targets
 */

/** What `hashCartToken` stores (the cart module): SHA-256 hex of the token. */
const hashCartToken = (token) => createHash('sha256').update(token).digest('hex');

/**
 * Writes a vendor, one product with `variants` variants of `unitsPerVariant` units, a shipping rate
 * for that vendor to the US, and `carts` guest carts (one in five with two variants), into `store`
 * (a store of the benchmark's own, made when absent: card payments, the default settings).
 * @param {string} databaseUrl
 * @param {CheckoutPlan} plan
 */
export async function prepareCheckout(databaseUrl, plan) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A store of its own: nothing else (demo activity, other scenarios) touches its orders or stock.
    await client.query(
      `insert into tenants (id, slug, name, default_currency, default_locale, locales)
       values ($1, $2, 'Bench checkout', 'USD', 'en', '{en}') on conflict (slug) do nothing`,
      [randomUUID(), plan.store],
    );
    const { rows } = await client.query('select id, default_currency from tenants where slug = $1', [plan.store]);
    const tenant = rows[0];
    if (!tenant) throw new Error(`checkout: the store "${plan.store}" could not be created`);
    const tenantId = /** @type {string} */ (tenant.id);
    const run = randomBytes(4).toString('hex');
    const vendorId = randomUUID();
    const productId = randomUUID();
    const zoneId = randomUUID();
    const variantIds = Array.from({ length: plan.variants }, () => randomUUID());
    /** @type {Array<{ id: string, token: string }>} */
    const carts = [];
    await client.query('begin');
    await client.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
    await client.query(
      `insert into vendors (tenant_id, id, slug, name, status, approved_at) values ($1, $2, $3, $4, 'approved', now())`,
      [tenantId, vendorId, `bench-checkout-${run}`, `Bench checkout ${run}`],
    );
    await client.query(
      `insert into products (tenant_id, id, vendor_id, slug, title, status, currency, published_at)
       values ($1, $2, $3, $4, $5, 'active', $6, now())`,
      [tenantId, productId, vendorId, `bench-checkout-${run}`, `Bench checkout ${run}`, tenant.default_currency],
    );
    await client.query(
      `insert into variants (tenant_id, id, product_id, sku, price, on_hand, position)
       select $1, v.id, $2, 'BENCH-' || $3 || '-' || v.n, 1500, $4, v.n
       from unnest($5::uuid[]) with ordinality as v(id, n)`,
      [tenantId, productId, run, plan.unitsPerVariant, variantIds],
    );
    await client.query(`insert into shipping_zones (tenant_id, id, name, countries) values ($1, $2, $3, '{US}')`, [
      tenantId,
      zoneId,
      `Bench ${run}`,
    ]);
    await client.query(
      `insert into shipping_rates (tenant_id, id, zone_id, vendor_id, name, kind, amount) values ($1, $2, $3, $4, 'Bench', 'flat', 400)`,
      [tenantId, randomUUID(), zoneId, vendorId],
    );
    const cartIds = [];
    const tokenHashes = [];
    const itemCarts = [];
    const itemVariants = [];
    for (let i = 0; i < plan.carts; i++) {
      const id = randomUUID();
      const token = randomBytes(32).toString('base64url');
      carts.push({ id, token });
      cartIds.push(id);
      tokenHashes.push(hashCartToken(token));
      const first = variantIds[Math.floor(Math.random() * variantIds.length)];
      itemCarts.push(id);
      itemVariants.push(first);
      if (i % 5 === 0) {
        const second = variantIds[Math.floor(Math.random() * variantIds.length)];
        if (second !== first) {
          itemCarts.push(id);
          itemVariants.push(second);
        }
      }
    }
    await client.query(
      `insert into carts (tenant_id, id, token_hash, currency, expires_at)
       select $1, c.id, c.h, $2, now() + interval '1 day' from unnest($3::uuid[], $4::text[]) as c(id, h)`,
      [tenantId, tenant.default_currency, cartIds, tokenHashes],
    );
    await client.query(
      `insert into cart_items (tenant_id, id, cart_id, variant_id, quantity)
       select $1, gen_random_uuid(), i.c, i.v, 1 from unnest($2::uuid[], $3::uuid[]) as i(c, v)`,
      [tenantId, itemCarts, itemVariants],
    );
    await client.query('commit');
    // Shuffled: carts of one variant arrive spread over the run.
    for (let i = carts.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [carts[i], carts[j]] = [carts[j], carts[i]];
    }
    return { tenantId, variantIds, carts, initialUnits: plan.variants * plan.unitsPerVariant };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * Checks out every cart (or as many as fit in `maxSeconds`) on `connections` concurrent requests.
 * @param {string} origin
 * @param {CheckoutPlan} plan
 * @param {Array<{ id: string, token: string }>} carts
 */
export async function driveCheckouts(origin, plan, carts) {
  const url = new URL('/api/v1/checkout', origin).href;
  /** @type {number[]} */
  const times = [];
  /** @type {Record<string, number>} */
  const statusCodes = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + plan.maxSeconds * 1000;
  const worker = async () => {
    while (next < carts.length && performance.now() < deadline) {
      const cart = carts[next++];
      const t0 = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-tenant-id': plan.store,
            'x-cart-token': cart.token,
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({
            cartId: cart.id,
            email: 'bench@example.test',
            shippingAddress: {
              name: 'Bench Shopper',
              line1: '1 Load Street',
              city: 'Springfield',
              region: 'IL',
              postalCode: '62701',
              country: 'US',
            },
            paymentMethod: 'card',
            paymentToken: 'tok_visa',
          }),
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        times.push(performance.now() - t0);
        statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.connections }, worker));
  const durationS = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(times).sort();
  const pct = (p) =>
    sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const ms = (n) => Math.round(n * 10) / 10;
  return {
    attempted: next,
    statusCodes,
    errors,
    durationS: Math.round(durationS * 100) / 100,
    p50Ms: ms(pct(50)),
    p95Ms: ms(pct(95)),
    p99Ms: ms(pct(99)),
    maxMs: ms(sorted.length ? sorted[sorted.length - 1] : 0),
  };
}

/**
 * The stock as the database holds it after the run: units on hand, units sold in confirmed orders,
 * units still reserved, and variants that sold more than they had.
 * @param {string} databaseUrl
 * @param {string} tenantId
 * @param {string[]} variantIds
 * @param {number} unitsPerVariant
 */
export async function verifyCheckout(databaseUrl, tenantId, variantIds, unitsPerVariant) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
    const { rows } = await client.query(
      `select v.id, v.on_hand, v.reserved,
              coalesce((select sum(l.quantity) from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
                        where l.tenant_id = v.tenant_id and l.variant_id = v.id and o.status in ('confirmed', 'processing', 'shipped', 'delivered')), 0)::int as sold
       from variants v where v.tenant_id = $1 and v.id = any($2::uuid[])`,
      [tenantId, variantIds],
    );
    const { rows: orders } = await client.query(
      `select count(distinct o.id)::int as n from orders o join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
       where o.tenant_id = $1 and o.status in ('confirmed', 'processing', 'shipped', 'delivered') and l.variant_id = any($2::uuid[])`,
      [tenantId, variantIds],
    );
    await client.query('commit');
    let onHand = 0;
    let sold = 0;
    let reserved = 0;
    let oversold = 0;
    for (const r of rows) {
      onHand += r.on_hand;
      sold += r.sold;
      reserved += r.reserved;
      if (r.sold > unitsPerVariant || r.on_hand + r.sold !== unitsPerVariant) oversold++;
    }
    return {
      initialUnits: variantIds.length * unitsPerVariant,
      soldUnits: sold,
      onHandUnits: onHand,
      reservedUnits: reserved,
      oversoldVariants: oversold,
      confirmedOrders: orders[0]?.n ?? 0,
    };
  } finally {
    await client.end();
  }
}

/**
 * Prepares, drives and verifies one checkout scenario.
 * @param {{ name: string, description: string, plan: Omit<CheckoutPlan, 'connections'> & { connections?: number },
 *   minOrdersPerSec: number, label: string }} scenario
 * @param {{ origin: string, databaseUrl: string, connections: number, step: (m: string) => void }} ctx
 * @returns {Promise<CheckoutResult>}
 */
export async function runCheckout(scenario, ctx) {
  const plan = { ...scenario.plan, connections: scenario.plan.connections ?? ctx.connections };
  ctx.step(
    `${scenario.name}: preparing ${plan.carts} guest carts over ${plan.variants} variants × ${plan.unitsPerVariant} units in "${plan.store}"…`,
  );
  const prepared = await prepareCheckout(ctx.databaseUrl, plan);
  ctx.step(`${scenario.name}: POST /api/v1/checkout (tok_visa) on ${plan.connections} connections…`);
  const load = await driveCheckouts(ctx.origin, plan, prepared.carts);
  const stock = await verifyCheckout(ctx.databaseUrl, prepared.tenantId, prepared.variantIds, plan.unitsPerVariant);
  const orders = load.statusCodes[201] ?? 0;
  const answered = Object.values(load.statusCodes).reduce((a, b) => a + b, 0);
  /** @type {string[]} */
  const problems = [];
  const unexpected = Object.entries(load.statusCodes).filter(([code]) => code !== '201' && code !== '409');
  if (unexpected.length > 0) {
    problems.push(`answers other than 201 / 409: ${unexpected.map(([c, n]) => `${n}× ${c}`).join(', ')}`);
  }
  if (load.errors > 0) problems.push(`${load.errors} connection errors`);
  if (orders === 0) problems.push('no order was placed');
  if (stock.oversoldVariants > 0) problems.push(`OVERSOLD: ${stock.oversoldVariants} variants sold more than they had`);
  if (stock.reservedUnits > 0)
    problems.push(`${stock.reservedUnits} units left reserved after every checkout answered`);
  if (stock.confirmedOrders !== orders) {
    problems.push(`${orders} answers were 201 but the database holds ${stock.confirmedOrders} confirmed orders`);
  }
  const ordersPerSec = Math.round((orders / load.durationS) * 10) / 10;
  const judged = problems.length === 0 && plan.connections === 50;
  return {
    name: scenario.name,
    description: scenario.description,
    plan,
    attempted: load.attempted,
    statusCodes: load.statusCodes,
    orders,
    ordersPerSec,
    requestsPerSec: Math.round((answered / load.durationS) * 10) / 10,
    p50Ms: load.p50Ms,
    p95Ms: load.p95Ms,
    p99Ms: load.p99Ms,
    maxMs: load.maxMs,
    errors: load.errors,
    durationS: load.durationS,
    stock,
    problems,
    targets: [
      {
        label: scenario.label,
        status: judged ? (ordersPerSec >= scenario.minOrdersPerSec ? 'met' : 'missed') : 'not judged',
        value: `${ordersPerSec} orders/s`,
      },
      {
        label: 'zero oversold units, zero 5xx',
        status: problems.length === 0 ? 'met' : 'missed',
        value: `${stock.soldUnits} sold + ${stock.onHandUnits} on hand = ${stock.soldUnits + stock.onHandUnits} of ${stock.initialUnits}; ${Object.entries(
          load.statusCodes,
        )
          .filter(([c]) => c.startsWith('5'))
          .reduce((a, [, n]) => a + n, 0)} × 5xx`,
      },
    ],
  };
}

/**
 * @param {CheckoutResult} r
 * @returns {string}
 */
export function formatCheckout(r) {
  const codes = Object.entries(r.statusCodes)
    .map(([c, n]) => `${n}× ${c}`)
    .join(', ');
  return [
    `${r.name} — ${r.description}`,
    `  ${r.attempted} checkouts on ${r.plan.connections} connections in ${r.durationS} s: ${codes}${r.errors ? `, ${r.errors} errors` : ''}`,
    `  ${r.ordersPerSec} orders/s (${r.requestsPerSec} answers/s); latency p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms`,
    `  stock: ${r.stock.initialUnits} units at start; ${r.stock.soldUnits} sold in ${r.stock.confirmedOrders} confirmed orders, ${r.stock.onHandUnits} on hand, ${r.stock.reservedUnits} reserved; ${r.stock.oversoldVariants} variants oversold`,
    '  targets:',
    ...r.targets.map((t) => `    [${t.status}]${' '.repeat(Math.max(1, 14 - t.status.length))}${t.label} — ${t.value}`),
    ...r.problems.map((p) => `  !! ${p}`),
  ].join('\n');
}
