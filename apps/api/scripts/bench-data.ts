/**
 * `npm run bench:data -- --products 1000000 [--orders 1000000] [--tenant bench] [--vendors 200] [--categories 60]`
 *
 * Fills a store of its own (slug `bench` by default, created when absent) with a large, realistic
 * catalog for benchmarks: vendors, a two-level category tree and products with 1–3 variants, titles
 * made of brand, adjective, material and noun, descriptions of 20–60 words, prices over every price
 * bucket, some products out of stock, rating summaries spread from none to hundreds. Re-running tops
 * the store up to `--products` (it never deletes, unless `--reset`), so an interrupted run resumes.
 *
 * Rows are generated inside PostgreSQL (`INSERT … SELECT … FROM generate_series`) in batches of
 * `--batch` products, one transaction each, inside the store's tenant setting. Two ways to keep
 * the product summaries (`listed`, `price_min/max`, `in_stock`, `catalog_facet_counts`):
 *
 * - `--mode triggers`: the statement computes the summaries and the database's triggers run as for
 *   any write, finding nothing to correct (variants go in with one statement per batch, so each
 *   variant's trigger sees its product's final set of variants). Works with any role.
 * - `--mode bulk`: the triggers are skipped for the loading session only
 *   (`session_replication_role = replica`, which needs a superuser), `listed` is computed by the
 *   statement, and the facet counts are rebuilt once at the end (`catalog_rebuild_facet_counts`).
 *   Foreign keys are not checked in that mode either; every reference is made by construction.
 *   Batches then run `--jobs` at a time (default: one per core, at most 4), each on its own
 *   connection. About twice as fast as triggers on one connection, and it scales with cores.
 *
 * `--mode auto` (the default) picks bulk for a superuser and triggers otherwise. Either way the
 * facet counts are checked against a direct count at the end, and the tables vacuumed and analysed.
 * Rating summaries are generated without review rows (a benchmark store has no customers).
 *
 * `--orders N` tops the store's orders up to N the same way (alone, or after the products): each
 * order buys 1–4 lines of the store's listed products from one or two vendors, placed over the
 * past months, most delivered or shipped, some confirmed, processing or cancelled, with its
 * sub-orders, lines and payment, and the store's order counter moved past them so checkouts that
 * follow get fresh numbers. No personal data is generated (no email, no address). This is the data
 * the order export benchmark (`bench/order-export.mjs`) streams.
 *
 * Refuses the embedded database above 50,000 products or orders: it runs in this one process, and
 * a million products take hours there. Set `DATABASE_URL` (or `DATABASE_MIGRATION_URL`) to a PostgreSQL that
 * has been migrated (`npm run db:migrate`).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { type SQL, eq, sql } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../src/config.js';
import { type Database, type Queryable, openDatabase, rowsOf } from '../src/platform/db/client.js';
import { migrate } from '../src/platform/db/migrate.js';
import { isUuid, newId } from '../src/platform/ids.js';
import { tenants } from '../src/modules/tenancy/index.js';

const EMBEDDED_LIMIT = 50_000;
/** Concurrent batches by default: one per core, at most this many. */
const MAX_DEFAULT_JOBS = 4;

const out = (line: string) => process.stdout.write(`${line}\n`);

class UsageError extends Error {}

// ------------------------------------------------------------------------------------------ words

interface Department {
  name: string;
  /** Subcategories, each with the two kinds of product it holds. */
  subs: ReadonlyArray<readonly [name: string, noun: string, noun: string]>;
  /** Eight materials its products are made of. */
  materials: readonly string[];
  /** The option of its products with more than one variant, and three values. */
  option: readonly [name: string, string, string, string];
}

/** Departments: the top-level categories, with what their products are and are made of. */
const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Furniture',
    subs: [
      ['Chairs', 'Chair', 'Stool'],
      ['Tables', 'Side Table', 'Desk'],
      ['Shelving', 'Bookshelf', 'Wall Shelf'],
      ['Beds', 'Bed Frame', 'Headboard'],
      ['Storage', 'Dresser', 'Cabinet'],
    ],
    materials: ['Oak', 'Walnut', 'Ash', 'Beech', 'Teak', 'Rattan', 'Steel', 'Birch'],
    option: ['Finish', 'Natural', 'Dark Stain', 'White'],
  },
  {
    name: 'Kitchen',
    subs: [
      ['Cookware', 'Skillet', 'Saucepan'],
      ['Tableware', 'Bowl', 'Plate Set'],
      ['Utensils', 'Spoon Set', 'Cutting Board'],
      ['Storage Jars', 'Storage Jar', 'Bread Bin'],
      ['Coffee & Tea', 'Mug', 'Teapot'],
    ],
    materials: ['Stoneware', 'Porcelain', 'Ceramic', 'Cast Iron', 'Copper', 'Enamel', 'Glass', 'Bamboo'],
    option: ['Colour', 'White', 'Sage', 'Charcoal'],
  },
  {
    name: 'Textiles',
    subs: [
      ['Bedding', 'Duvet Cover', 'Pillowcase Set'],
      ['Throws', 'Throw', 'Blanket'],
      ['Cushions', 'Cushion Cover', 'Floor Cushion'],
      ['Curtains', 'Curtain', 'Blind'],
      ['Towels', 'Towel', 'Bath Mat'],
    ],
    materials: ['Linen', 'Cotton', 'Wool', 'Merino', 'Velvet', 'Jute', 'Hemp', 'Silk'],
    option: ['Size', 'Single', 'Double', 'King'],
  },
  {
    name: 'Lighting',
    subs: [
      ['Table Lamps', 'Table Lamp', 'Desk Lamp'],
      ['Floor Lamps', 'Floor Lamp', 'Reading Lamp'],
      ['Pendants', 'Pendant Light', 'Wall Sconce'],
      ['Candles', 'Candle Holder', 'Candle Set'],
      ['Lanterns', 'Lantern', 'String Lights'],
    ],
    materials: ['Brass', 'Copper', 'Steel', 'Glass', 'Rattan', 'Ceramic', 'Concrete', 'Paper'],
    option: ['Finish', 'Brass', 'Black', 'White'],
  },
  {
    name: 'Stationery',
    subs: [
      ['Notebooks', 'Notebook', 'Journal'],
      ['Pens', 'Fountain Pen', 'Pencil Case'],
      ['Cards', 'Card Set', 'Postcard Set'],
      ['Desk Accessories', 'Desk Organizer', 'Planner'],
      ['Art Supplies', 'Sketchbook', 'Paint Set'],
    ],
    materials: ['Paper', 'Leather', 'Brass', 'Cork', 'Linen', 'Walnut', 'Steel', 'Felt'],
    option: ['Colour', 'Black', 'Navy', 'Kraft'],
  },
  {
    name: 'Toys',
    subs: [
      ['Wooden Toys', 'Building Blocks', 'Rocking Horse'],
      ['Puzzles', 'Puzzle', 'Jigsaw'],
      ['Plush', 'Plush Bear', 'Plush Fox'],
      ['Games', 'Board Game', 'Card Game'],
      ['Outdoor Play', 'Kite', 'Skipping Rope'],
    ],
    materials: ['Beech', 'Maple', 'Birch', 'Felt', 'Cotton', 'Wool', 'Cork', 'Bamboo'],
    option: ['Edition', 'Standard', 'Deluxe', 'Gift Box'],
  },
  {
    name: 'Outdoor',
    subs: [
      ['Backpacks', 'Backpack', 'Daypack'],
      ['Camping', 'Tent', 'Camping Stove'],
      ['Garden', 'Planter', 'Garden Trowel'],
      ['Picnic', 'Picnic Basket', 'Picnic Blanket'],
      ['Water Bottles', 'Water Bottle', 'Flask'],
    ],
    materials: ['Canvas', 'Aluminium', 'Steel', 'Recycled Plastic', 'Terracotta', 'Cotton', 'Bamboo', 'Wool'],
    option: ['Colour', 'Olive', 'Sand', 'Navy'],
  },
  {
    name: 'Apparel',
    subs: [
      ['Jackets', 'Jacket', 'Vest'],
      ['Knitwear', 'Sweater', 'Cardigan'],
      ['Shirts', 'Shirt', 'Overshirt'],
      ['Hats', 'Beanie', 'Sun Hat'],
      ['Socks', 'Socks', 'Slipper Socks'],
    ],
    materials: ['Wool', 'Merino', 'Cashmere', 'Cotton', 'Linen', 'Denim', 'Hemp', 'Silk'],
    option: ['Size', 'S', 'M', 'L'],
  },
  {
    name: 'Bags',
    subs: [
      ['Totes', 'Tote Bag', 'Shopper'],
      ['Wallets', 'Wallet', 'Card Holder'],
      ['Duffels', 'Duffel Bag', 'Weekender'],
      ['Pouches', 'Pouch', 'Wash Bag'],
      ['Belts', 'Belt', 'Strap'],
    ],
    materials: ['Leather', 'Canvas', 'Denim', 'Felt', 'Jute', 'Cotton', 'Hemp', 'Cork'],
    option: ['Colour', 'Tan', 'Black', 'Olive'],
  },
  {
    name: 'Decor',
    subs: [
      ['Vases', 'Vase', 'Bud Vase'],
      ['Wall Art', 'Wall Print', 'Wall Hanging'],
      ['Mirrors', 'Mirror', 'Hand Mirror'],
      ['Clocks', 'Wall Clock', 'Alarm Clock'],
      ['Plant Pots', 'Plant Pot', 'Hanging Planter'],
    ],
    materials: ['Glass', 'Ceramic', 'Terracotta', 'Marble', 'Brass', 'Concrete', 'Slate', 'Pewter'],
    option: ['Size', 'Small', 'Medium', 'Large'],
  },
];

const ADJECTIVES = [
  'Rustic',
  'Modern',
  'Classic',
  'Vintage',
  'Minimal',
  'Handmade',
  'Hand-woven',
  'Hand-thrown',
  'Hand-carved',
  'Nordic',
  'Scandinavian',
  'Japanese',
  'Coastal',
  'Industrial',
  'Bohemian',
  'Artisan',
  'Organic',
  'Natural',
  'Recycled',
  'Sustainable',
  'Compact',
  'Oversized',
  'Foldable',
  'Stackable',
  'Portable',
  'Lightweight',
  'Heavy-duty',
  'Waterproof',
  'Insulated',
  'Speckled',
  'Striped',
  'Textured',
  'Matte',
  'Glazed',
  'Polished',
  'Brushed',
  'Smoked',
  'Stonewashed',
  'Soft',
  'Chunky',
  'Slim',
  'Round',
  'Square',
  'Curved',
  'Tall',
  'Low',
  'Elegant',
  'Cosy',
  'Bold',
  'Pastel',
  'Earthy',
  'Charcoal',
  'Ivory',
  'Sage',
  'Indigo',
  'Golden',
  'Weathered',
  'Quilted',
  'Braided',
  'Woven',
];

const MATERIALS = [...new Set(DEPARTMENTS.flatMap((d) => d.materials))];

const BRANDS = [
  'Nordvik',
  'Alder & Co',
  'Hearthstone',
  'Maple Lane',
  'Fenwick',
  'Oakhaven',
  'Bluefern',
  'Kestrel',
  'Larkspur',
  'Wrenfield',
  'Copperleaf',
  'Juniper',
  'Saltmarsh',
  'Greywood',
  'Thistle',
  'Birchway',
  'Halden',
  'Moorland',
  'Ravenscroft',
  'Linden',
  'Willowby',
  'Ashcombe',
  'Brightwater',
  'Fieldstone',
  'Harbor & Pine',
  'Northbeam',
  'Pebble',
  'Quillon',
  'Redcliff',
  'Sable',
  'Tidewell',
  'Umber',
  'Vale',
  'Westbrook',
  'Yarrow',
  'Zephyr',
  'Amberly',
  'Brackenridge',
  'Cinder',
  'Driftwood',
  'Elmstead',
  'Foxglove',
  'Glenmoor',
  'Hollis',
  'Ironbark',
  'Kinross',
  'Lumen',
  'Meadowlark',
  'Nettle',
  'Orchard',
];

const VENDOR_SUFFIXES = ['Studio', 'Goods', 'Workshop', 'Trading Co.', 'Supply', 'Makers', 'Collective', 'House'];

const USES = [
  'everyday use',
  'busy kitchens',
  'small apartments',
  'outdoor living',
  'gift giving',
  'weekend projects',
  'family dinners',
  'home offices',
  'long journeys',
  'quiet evenings',
  'growing families',
  'cosy corners',
  'holiday homes',
  'rainy afternoons',
  'first homes',
  'slow mornings',
];

/** A description opens on the product itself: its adjective, material and noun (`%1$s %2$s %3$s`). */
const OPENINGS = [
  'This %1$s %2$s %3$s is made in small batches by independent makers.',
  'Our %1$s %3$s in %2$s is designed to be used every day for years.',
  'Our %1$s %2$s %3$s brings warmth and character to any room.',
  'Made from carefully chosen %2$s, this %1$s %3$s is built to last.',
  'The %1$s %3$s is cut, shaped and finished in %2$s by hand.',
  'Meet the %1$s %2$s %3$s, a quiet favourite of our regular customers.',
];

/** The rest of a description: one to three of these, each with a quality and a use. */
const FOLLOW_UPS = [
  'It is %s, easy to care for and ideal for %s.',
  'The design is %s and works well for %s and more.',
  'Its finish stays %s and suits %s without fuss.',
  'Every piece is checked by hand, so it arrives %s and ready for %s.',
  'Thoughtful details make it %s enough for %s and more.',
  'Pair it with the rest of the collection: the look is %s and right for %s.',
  'Wipe it clean with a damp cloth and it stays %s through %s.',
  'Packed without plastic, it is a gift that feels %s, perfect for %s.',
];

const QUALITIES = [
  'durable',
  'timeless',
  'practical',
  'versatile',
  'sturdy',
  'understated',
  'generous',
  'comfortable',
  'robust',
  'refined',
  'light',
  'balanced',
  'reliable',
  'beautiful',
  'warm',
  'calm',
  'graceful',
  'honest',
  'cheerful',
  'simple',
];

/** Price buckets (catalog.constants.ts) with the share of products in each, in percent. */
const PRICE_BANDS = [
  { lo: 100, hi: 999, share: 15 },
  { lo: 1000, hi: 2499, share: 25 },
  { lo: 2500, hi: 4999, share: 20 },
  { lo: 5000, hi: 9999, share: 15 },
  { lo: 10000, hi: 24999, share: 12 },
  { lo: 25000, hi: 49999, share: 8 },
  { lo: 50000, hi: 150000, share: 5 },
] as const;

// ----------------------------------------------------------------------------------------- SQL bits

/** A constant text array as an SQL literal (the word lists above; nothing from outside). */
function textArray(values: readonly string[]): SQL {
  return sql.raw(`array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]::text[]`);
}

function uuidArray(values: readonly string[]): SQL {
  for (const v of values) if (!isUuid(v)) throw new Error(`not a uuid: ${v}`);
  return sql.raw(`array[${values.map((v) => `'${v}'`).join(', ')}]::uuid[]`);
}

function intArray(values: readonly number[]): SQL {
  return sql.raw(`array[${values.map((v) => String(Math.trunc(v))).join(', ')}]::int[]`);
}

/** A pseudo-random integer in [0, 2^31) for product number `n` and draw `k`: reproducible per product. */
const R = (k: number, n = 'n'): SQL => sql.raw(`(hashint8(${n}::bigint * 64 + ${k})::bigint & 2147483647)`);

/** A UUIDv7 for the instant `ts` (milliseconds in the first 48 bits, then random bits). */
const uuidv7At = (ts: string): SQL =>
  sql.raw(
    `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from ${ts}) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`,
  );

/** 1-based pick from a constant array by draw `k`. */
const pick = (array: SQL, length: number, k: number): SQL => sql`(${array})[1 + ${R(k)} % ${sql.raw(String(length))}]`;

// --------------------------------------------------------------------------------------------- run

interface Options {
  /** Products to top the catalog up to; 0 leaves the catalog as it is (`--orders` alone). */
  products: number;
  /** Orders to top the store up to, when given. */
  orders: number | undefined;
  tenant: string;
  vendors: number;
  categories: number;
  batch: number;
  /** Batches written at the same time, each on its own connection (bulk mode only). */
  jobs: number | undefined;
  reset: boolean;
  mode: 'auto' | 'triggers' | 'bulk';
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      products: { type: 'string' },
      orders: { type: 'string' },
      tenant: { type: 'string', default: 'bench' },
      vendors: { type: 'string', default: '200' },
      categories: { type: 'string', default: '60' },
      batch: { type: 'string', default: '50000' },
      jobs: { type: 'string' },
      mode: { type: 'string', default: 'auto' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help || (values.products === undefined && values.orders === undefined)) {
    throw new UsageError(
      'usage: npm run bench:data -- --products N [--orders N] [--tenant bench] [--vendors 200] [--categories 60] ' +
        '[--batch 50000] [--jobs N] [--mode auto|triggers|bulk] [--reset]',
    );
  }
  const int = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`--${name}: a whole number from ${min} to ${max}`);
    return n;
  };
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(values.tenant)) throw new UsageError('--tenant: a store slug (a-z, 0-9, -)');
  if (!['auto', 'triggers', 'bulk'].includes(values.mode)) throw new UsageError('--mode: auto, triggers or bulk');
  return {
    products: values.products === undefined ? 0 : int('products', values.products, 1, 20_000_000),
    orders: values.orders === undefined ? undefined : int('orders', values.orders, 1, 20_000_000),
    tenant: values.tenant,
    vendors: int('vendors', values.vendors, 1, 10_000),
    categories: int('categories', values.categories, DEPARTMENTS.length, 1_000),
    batch: int('batch', values.batch, 1_000, 500_000),
    jobs: values.jobs === undefined ? undefined : int('jobs', values.jobs, 1, 16),
    reset: values.reset,
    mode: values.mode as Options['mode'],
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function one<T>(db: Queryable, query: SQL): Promise<T> {
  const [row] = rowsOf<T>(await db.execute(query));
  if (row === undefined) throw new Error('query returned no row');
  return row;
}

/**
 * In a transaction inside the store's tenant setting. Row-level security confines a table owner to
 * the store, but a superuser passes it: every statement here names the store itself as well.
 */
function inStore<T>(database: Database, tenantId: string, fn: (tx: Queryable) => Promise<T>, bulk = false): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    // The generating statements look expensive to the planner, whose JIT compilation then takes
    // longer (seconds per batch) than running them. Bigger sort and GIN buffers: fewer, larger merges.
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '256MB'`);
    await tx.execute(sql`set local synchronous_commit = off`);
    if (bulk) await tx.execute(sql`set local session_replication_role = replica`);
    return fn(tx);
  });
}

async function ensureStore(
  database: Database,
  slug: string,
): Promise<{ id: string; currency: string; created: boolean }> {
  const [found] = await database.db
    .select({ id: tenants.id, currency: tenants.defaultCurrency })
    .from(tenants)
    .where(eq(tenants.slug, slug));
  if (found) return { ...found, created: false };
  const id = newId();
  await database.db
    .insert(tenants)
    .values({ id, slug, name: 'Bench Bazaar', defaultCurrency: 'USD', defaultLocale: 'en', locales: ['en'] })
    .onConflictDoNothing();
  const [row] = await database.db
    .select({ id: tenants.id, currency: tenants.defaultCurrency })
    .from(tenants)
    .where(eq(tenants.slug, slug));
  if (!row) throw new Error(`store ${slug} could not be created`);
  return { ...row, created: row.id === id };
}

async function resetStore(database: Database, tenantId: string, bulk: boolean): Promise<void> {
  await inStore(
    database,
    tenantId,
    async (tx) => {
      // Children first; with triggers on, each deleted variant first updates its product's summary.
      for (const table of [
        'order_events',
        'refunds',
        'shipments',
        'order_lines',
        'sub_orders',
        'payments',
        'orders',
        'order_counters',
        'reviews',
        'product_images',
        'variants',
        'products',
        'catalog_imports',
        'categories',
        'vendors',
      ]) {
        await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
      }
      await tx.execute(sql`delete from catalog_facet_counts where tenant_id = ${tenantId}`);
    },
    bulk,
  );
}

interface Vendor {
  id: string;
  approved: boolean;
}

/** Tops the store up to `count` vendors; a few are suspended or pending, so their products are not listed. */
async function ensureVendors(database: Database, tenantId: string, count: number): Promise<Vendor[]> {
  return inStore(database, tenantId, async (tx) => {
    const have = await one<{ n: number }>(
      tx,
      sql`select count(*)::int as n from vendors where tenant_id = ${tenantId}`,
    );
    if (have.n < count) {
      await tx.execute(sql`
        insert into vendors (tenant_id, id, slug, name, description, status, approved_at, reviewed_at)
        select ${tenantId}, ${uuidv7At('now()')},
               'bench-vendor-' || lpad(i::text, 5, '0'),
               (${textArray(BRANDS)})[1 + i % ${BRANDS.length}] || ' ' || (${textArray(VENDOR_SUFFIXES)})[1 + (i / ${BRANDS.length}) % ${VENDOR_SUFFIXES.length}]
                 || case when i > ${BRANDS.length * VENDOR_SUFFIXES.length} then ' ' || i else '' end,
               'Independent makers selling ' || lower((${textArray(MATERIALS)})[1 + i % ${MATERIALS.length}]) || ' goods since ' || (1990 + i % 33) || '.',
               case when i % 97 = 13 then 'suspended' when i % 89 = 7 then 'pending' else 'approved' end,
               case when i % 97 = 13 or i % 89 = 7 then null else now() end,
               now()
          from generate_series(${have.n + 1}::int, ${count}::int) i
        on conflict do nothing`);
    }
    const rows = rowsOf<{ id: string; status: string }>(
      await tx.execute(
        sql`select id, status from vendors where tenant_id = ${tenantId} and deleted_at is null order by slug`,
      ),
    );
    return rows.map((r) => ({ id: r.id, approved: r.status === 'approved' }));
  });
}

interface Leaf {
  id: string;
  /** Index in DEPARTMENTS. */
  department: number;
  /** The two kinds of product the leaf holds. */
  nouns: readonly [string, string];
}

/** The category tree: the departments, then subcategories under them, `count` categories in all. */
async function ensureCategories(database: Database, tenantId: string, count: number): Promise<Leaf[]> {
  return inStore(database, tenantId, async (tx) => {
    const have = await one<{ n: number }>(
      tx,
      sql`select count(*)::int as n from categories where tenant_id = ${tenantId}`,
    );
    if (have.n === 0) {
      const tops = DEPARTMENTS.map((d, i) => ({
        id: newId(),
        slug: slugOf(d.name),
        name: d.name,
        parent: null,
        position: i,
      }));
      const subs: Array<{ id: string; slug: string; name: string; parent: string; position: number }> = [];
      for (let k = 0; tops.length + subs.length < count; k++) {
        const d = k % DEPARTMENTS.length;
        const round = Math.floor(k / DEPARTMENTS.length);
        const department = DEPARTMENTS[d] as (typeof DEPARTMENTS)[number];
        const [base] = department.subs[round % department.subs.length] as Department['subs'][number];
        const name =
          round < department.subs.length ? base : `${base} ${Math.floor(round / department.subs.length) + 1}`;
        const top = tops[d] as (typeof tops)[number];
        subs.push({ id: newId(), slug: `${top.slug}-${slugOf(name)}`, name, parent: top.id, position: round });
      }
      for (const c of [...tops, ...subs]) {
        await tx.execute(sql`
          insert into categories (tenant_id, id, parent_id, slug, name, description, position)
          values (${tenantId}, ${c.id}, ${c.parent}, ${c.slug}, ${c.name}, ${`${c.name} from independent makers.`}, ${c.position})`);
      }
    }
    // Products go to leaves. A leaf's department is its top-level ancestor's, its products are those
    // of the subcategory its slug names (`<department>-<subcategory>[-<n>]`).
    const rows = rowsOf<{ id: string; slug: string; top: string }>(
      await tx.execute(sql`
        select c.id, c.slug, coalesce(p.slug, c.slug) as top
          from categories c left join categories p on p.tenant_id = c.tenant_id and p.id = c.parent_id
         where c.tenant_id = ${tenantId} and c.deleted_at is null
           and not exists (select 1 from categories x
                            where x.tenant_id = c.tenant_id and x.parent_id = c.id and x.deleted_at is null)
         order by c.slug`),
    );
    return rows.map((r) => {
      const department = Math.max(
        0,
        DEPARTMENTS.findIndex((d) => slugOf(d.name) === r.top),
      );
      const subs = (DEPARTMENTS[department] as Department).subs;
      const sub =
        subs.find(
          ([name]) => r.slug === `${r.top}-${slugOf(name)}` || r.slug.startsWith(`${r.top}-${slugOf(name)}-`),
        ) ?? subs[Math.abs(hashOf(r.slug)) % subs.length];
      const [, first, second] = sub as Department['subs'][number];
      return { id: r.id, department, nouns: [first, second] as const };
    });
  });
}

/** A small stable hash of a string (for leaves whose slug names no known subcategory). */
const hashOf = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

interface BatchShape {
  tenantId: string;
  currency: string;
  vendors: Vendor[];
  leaves: Leaf[];
  /** Product numbers `from..to` (1-based, unique in the store: they make slugs and SKUs unique). */
  from: number;
  to: number;
  /** Product number that is "now"; earlier numbers are spread back in time. */
  last: number;
}

/**
 * One batch: the products' attributes into a temporary table, then the products and their variants
 * with one statement each. Summaries are computed here; with triggers on they agree with them.
 */
async function insertBatch(
  tx: Queryable,
  b: BatchShape,
): Promise<{ attributes: number; products: number; variants: number }> {
  const t0 = Date.now();
  const materials = DEPARTMENTS.flatMap((d) => d.materials); // 8 per department
  const optionNames = DEPARTMENTS.map((d) => d.option[0]);
  const optionValues = DEPARTMENTS.flatMap((d) => d.option.slice(1)); // 3 per department
  let share = 0;
  const band = sql.raw(
    `case ${PRICE_BANDS.slice(0, -1)
      .map((x, i) => `when bucket_roll < ${(share += x.share)} then ${i}`)
      .join(' ')} else ${PRICE_BANDS.length - 1} end`,
  );
  // Draws 34..43 of a product: two for each of its (at most three) follow-up sentences.
  const sentence = (k: number) => sql.raw(`(hashint8(n::bigint * 64 + 30 + j * 4 + ${k})::bigint & 2147483647)`);

  await tx.execute(sql`
    create temp table bench_batch on commit drop as
    with g as (
      select n,
             now() - (${b.last} - n) * interval '40 seconds' as created_at,
             1 + ${R(1)} % ${b.leaves.length} as li,
             1 + least(${b.vendors.length} - 1, floor(${b.vendors.length} * power(${R(2)}::float8 / 2147483648, 2))::int) as vi,
             ${R(3)} % 1000 as status_roll,
             ${R(4)} % 1000 as featured_roll,
             ${R(5)} % 100 as bucket_roll,
             ${R(6)} as price_roll,
             1 + ${R(7)} % 3 as nv,
             ${R(8)} % 100 as stock_roll,
             ${R(9)} % 100 as compare_roll,
             ${R(10)} % 100 as rating_roll
        from generate_series(${b.from}::bigint, ${b.to}::bigint) n
    ), h as (
      select g.*,
             (${intArray(b.leaves.map((l) => l.department))})[li] as dept,
             (${uuidArray(b.leaves.map((l) => l.id))})[li] as category_id,
             (${uuidArray(b.vendors.map((v) => v.id))})[vi] as vendor_id,
             (${sql.raw(`array[${b.vendors.map((v) => String(v.approved)).join(', ')}]::boolean[]`)})[vi] as vendor_ok,
             ${pick(textArray(BRANDS), BRANDS.length, 11)} as brand,
             ${pick(textArray(ADJECTIVES), ADJECTIVES.length, 12)} as adjective,
             (${textArray(materials)})[(${intArray(b.leaves.map((l) => l.department))})[li] * 8 + 1 + ${R(13)} % 8]
               as material,
             ${band} as band
        from g
    ), p as (
      select h.*,
             (${intArray(PRICE_BANDS.map((x) => x.lo))})[band + 1]
               + price_roll % ((${intArray(PRICE_BANDS.map((x) => x.hi - x.lo + 1))})[band + 1]) as raw_price,
             (${textArray(b.leaves.flatMap((l) => l.nouns))})[(li - 1) * 2 + 1 + ${R(14)} % 2] as noun
        from h
    )
    select n, ${uuidv7At('created_at')} as id, created_at, category_id, vendor_id, vendor_ok, nv,
           brand || ' ' || adjective || ' ' || material || ' ' || noun as title,
           format((${textArray(OPENINGS)})[1 + ${R(20)} % ${OPENINGS.length}], lower(adjective), lower(material), lower(noun))
             || ' ' ||
             (select string_agg(format((${textArray(FOLLOW_UPS)})[1 + (${R(21)} + j) % ${FOLLOW_UPS.length}],
                                       (${textArray(QUALITIES)})[1 + ${sentence(0)} % ${QUALITIES.length}],
                                       (${textArray(USES)})[1 + ${sentence(1)} % ${USES.length}]), ' ')
                from generate_series(1, 1 + ${R(15)} % 3) j) as description,
           case when status_roll < 960 then 'active' when status_roll < 975 then 'draft'
                when status_roll < 990 then 'pending_review' else 'archived' end as status,
           status_roll < 960 and featured_roll < 20 as featured,
           (${textArray(optionNames)})[dept + 1] as option_name,
           array[(${textArray(optionValues)})[dept * 3 + 1], (${textArray(optionValues)})[dept * 3 + 2],
                 (${textArray(optionValues)})[dept * 3 + 3]] as option_values,
           (raw_price / 100) * 100 + 99 as base,
           greatest(100, ((raw_price / 10) / 100) * 100) as step,
           compare_roll < 15 as discounted,
           stock_roll < 6 as sold_out,
           100 + ${R(16)} % 4900 as weight,
           case when rating_roll < 35 then array[0, 0, 0, 0, 0]
                when rating_roll % 5 = 0 then array[${R(17)} % 30, ${R(18)} % 20, ${R(19)} % 15, ${R(24)} % 8, ${R(25)} % 6]
                else array[${R(17)} % 6, ${R(18)} % 6, ${R(19)} % 15, ${R(24)} % 40, ${R(25)} % 80] end as histogram
      from p`);

  const t1 = Date.now();
  await tx.execute(sql`
    insert into products (tenant_id, id, vendor_id, category_id, slug, title, description, status, featured, options,
                          currency, submitted_at, published_at, price_min, price_max, in_stock, listed,
                          rating_avg, rating_count, rating_histogram, created_at, updated_at)
    select ${b.tenantId}, id, vendor_id, category_id,
           trim(both '-' from regexp_replace(lower(title), '[^a-z0-9]+', '-', 'g')) || '-' || n,
           title, description, status, featured,
           case when nv > 1 then jsonb_build_array(jsonb_build_object('name', option_name, 'values', to_jsonb(option_values[1:nv])))
                else '[]'::jsonb end,
           ${b.currency},
           case when status <> 'draft' then created_at end,
           case when status = 'active' then created_at end,
           base, base + (nv - 1) * step, not sold_out, status = 'active' and vendor_ok,
           case when s.total = 0 then 0
                else round((histogram[1] + 2 * histogram[2] + 3 * histogram[3] + 4 * histogram[4] + 5 * histogram[5])::numeric / s.total, 2) end,
           s.total, histogram, created_at, created_at
      from bench_batch
      cross join lateral (select histogram[1] + histogram[2] + histogram[3] + histogram[4] + histogram[5] as total) s`);

  // Draws 56..58: one per variant.
  const stockDraw = sql.raw('(hashint8(n::bigint * 64 + 56 + k)::bigint & 2147483647)');
  const t2 = Date.now();
  await tx.execute(sql`
    insert into variants (tenant_id, id, product_id, sku, options, price, compare_at_price, weight_grams, on_hand,
                          position, created_at, updated_at)
    select ${b.tenantId}, ${uuidv7At('created_at')}, id, 'BN-' || n || '-' || (k + 1),
           case when nv > 1 then jsonb_build_object(option_name, option_values[k + 1]) else '{}'::jsonb end,
           base + k * step,
           case when discounted then ((base + k * step) * 5 / 4 / 100) * 100 + 99 end,
           weight,
           case when sold_out then 0 when k = 0 then 1 + ${stockDraw} % 150 else ${stockDraw} % 150 end,
           k, created_at, created_at
      from bench_batch cross join lateral generate_series(0, nv - 1) k`);
  const t3 = Date.now();
  return { attributes: t1 - t0, products: t2 - t1, variants: t3 - t2 };
}

// ------------------------------------------------------------------------------------------ orders

interface SampleVariant {
  vendor_id: string;
  product_id: string;
  variant_id: string;
  sku: string;
  title: string;
  price: number;
}

/** What orders buy: listed products' variants grouped by vendor, as constant arrays for the SQL. */
interface OrderCatalog {
  vendorIds: string[];
  /** 1-based offset of each vendor's first variant in the variant arrays, and how many it has. */
  offsets: number[];
  counts: number[];
  variants: SampleVariant[];
}

async function orderCatalog(database: Database, tenantId: string): Promise<OrderCatalog> {
  const rows = await inStore(database, tenantId, async (tx) =>
    rowsOf<SampleVariant>(
      await tx.execute(sql`
        select p.vendor_id, p.id as product_id, v.id as variant_id, v.sku, p.title, v.price
          from products p join variants v on v.tenant_id = p.tenant_id and v.product_id = p.id
         where p.tenant_id = ${tenantId} and p.listed and v.active
         order by p.id, v.position
         limit 2000`),
    ),
  );
  if (rows.length === 0) {
    throw new UsageError('--orders: the store has no listed products to order; add --products first');
  }
  const byVendor = new Map<string, SampleVariant[]>();
  for (const r of rows) byVendor.set(r.vendor_id, [...(byVendor.get(r.vendor_id) ?? []), r]);
  const catalog: OrderCatalog = { vendorIds: [], offsets: [], counts: [], variants: [] };
  for (const [vendorId, list] of byVendor) {
    catalog.vendorIds.push(vendorId);
    catalog.offsets.push(catalog.variants.length + 1);
    catalog.counts.push(list.length);
    catalog.variants.push(...list);
  }
  return catalog;
}

/**
 * One batch of orders `from..to`: their lines, sub-orders and heads computed into temporary
 * tables, then written with one statement per table. Every amount satisfies the tables' checks.
 */
async function insertOrderBatch(
  tx: Queryable,
  b: {
    tenantId: string;
    currency: string;
    prefix: string;
    catalog: OrderCatalog;
    from: number;
    to: number;
    last: number;
  },
): Promise<void> {
  const c = b.catalog;
  const v = c.variants;
  const H = (k: string) => sql.raw(`(hashint8(${k})::bigint & 2147483647)`);
  await tx.execute(sql`
    create temp table bench_order_lines on commit drop as
    with o as (
      select n, now() - (${b.last} - n) * interval '20 seconds' as placed_at, 1 + ${R(1)} % 2 as ns
        from generate_series(${b.from}::bigint, ${b.to}::bigint) n
    ), s as (
      select o.n, o.placed_at, j, 1 + ${H('n * 64 + 10 + j')} % ${c.vendorIds.length} as vi, 1 + ${H('n * 64 + 14 + j')} % 2 as nl
        from o cross join lateral generate_series(1, o.ns) j
    ), l as (
      select s.*, m, 1 + ${H('n * 64 + 40 + j * 4 + m')} % 3 as quantity,
             (${intArray(c.offsets)})[vi] + ${H('n * 64 + 20 + j * 4 + m')} % (${intArray(c.counts)})[vi] as vx
        from s cross join lateral generate_series(1, s.nl) m
    )
    select n, placed_at, j, m, ${uuidv7At('placed_at')} as id,
           (${uuidArray(c.vendorIds)})[vi] as vendor_id,
           (${uuidArray(v.map((x) => x.product_id))})[vx] as product_id,
           (${uuidArray(v.map((x) => x.variant_id))})[vx] as variant_id,
           (${textArray(v.map((x) => x.sku))})[vx] as sku,
           (${textArray(v.map((x) => x.title))})[vx] as title,
           (${intArray(v.map((x) => x.price))})[vx] as unit_price,
           quantity
      from l`);
  await tx.execute(sql`
    create temp table bench_order_subs on commit drop as
    select n, j, min(placed_at) as placed_at, ${uuidv7At('min(placed_at)')} as id,
           min(vendor_id::text)::uuid as vendor_id, sum(unit_price * quantity)::int as subtotal
      from bench_order_lines group by n, j`);
  await tx.execute(sql`
    create temp table bench_order_heads on commit drop as
    select h.*, case when roll < 60 then 'delivered' when roll < 80 then 'shipped' when roll < 90 then 'confirmed'
                     when roll < 95 then 'processing' else 'cancelled' end as status
      from (select n, min(placed_at) as placed_at, ${uuidv7At('min(placed_at)')} as id,
                   ${b.prefix} || '-' || case when n < 1000000 then lpad(n::text, 6, '0') else n::text end as number,
                   sum(subtotal)::int as subtotal, count(*)::int as ns, ${H('n * 64 + 50')} % 100 as roll
              from bench_order_subs group by n) h`);
  await tx.execute(sql`
    insert into orders (tenant_id, id, number, status, payment_status, checkout_state, payment_method, currency,
                        subtotal, shipping_total, total, ship_country, locale, cancel_reason, placed_at, confirmed_at,
                        cancelled_at, created_at, updated_at)
    select ${b.tenantId}, id, number, status, case when status = 'cancelled' then 'voided' else 'paid' end, 'completed',
           'card', ${b.currency}, subtotal, ns * 500, subtotal + ns * 500, 'US', 'en',
           case when status = 'cancelled' then 'Cancelled at the shopper''s request.' end,
           placed_at, placed_at, case when status = 'cancelled' then placed_at + interval '1 hour' end, placed_at, placed_at
      from bench_order_heads`);
  await tx.execute(sql`
    insert into sub_orders (tenant_id, id, order_id, vendor_id, number, fulfillment_status, subtotal, shipping_total,
                            total, commission_rate_bps, commission_amount, shipping_method, created_at, updated_at)
    select ${b.tenantId}, s.id, h.id, s.vendor_id, h.number || '-' || s.j,
           case h.status when 'delivered' then 'delivered' when 'shipped' then 'shipped'
                         when 'cancelled' then 'cancelled' else 'unfulfilled' end,
           s.subtotal, 500, s.subtotal + 500, 1000, s.subtotal / 10, 'Standard', h.placed_at, h.placed_at
      from bench_order_subs s join bench_order_heads h using (n)`);
  await tx.execute(sql`
    insert into order_lines (tenant_id, id, order_id, sub_order_id, vendor_id, product_id, variant_id, sku, title,
                             unit_price, quantity, subtotal, total, shipped_quantity, created_at, updated_at)
    select ${b.tenantId}, l.id, h.id, s.id, l.vendor_id, l.product_id, l.variant_id, l.sku, l.title, l.unit_price,
           l.quantity, l.unit_price * l.quantity, l.unit_price * l.quantity,
           case when h.status in ('delivered', 'shipped') then l.quantity else 0 end, h.placed_at, h.placed_at
      from bench_order_lines l join bench_order_subs s using (n, j) join bench_order_heads h using (n)`);
  await tx.execute(sql`
    insert into payments (tenant_id, id, order_id, provider, method, status, currency, amount, authorized_amount,
                          captured_amount, provider_ref, created_at, updated_at)
    select ${b.tenantId}, ${uuidv7At('placed_at')}, id, 'test', 'card',
           case when status = 'cancelled' then 'voided' else 'paid' end, ${b.currency},
           subtotal + ns * 500, subtotal + ns * 500, case when status = 'cancelled' then 0 else subtotal + ns * 500 end,
           'pi_bench_' || n, placed_at, placed_at
      from bench_order_heads`);
}

/** Tops the store's orders up to `count` (see the file's comment). */
async function ensureOrders(
  database: Database,
  store: { id: string; currency: string; slug: string },
  count: number,
  batch: number,
  jobs: number,
  bulk: boolean,
): Promise<void> {
  const existing = await inStore(database, store.id, (tx) =>
    one<{ n: number; last: string }>(
      tx,
      sql`select count(*)::int as n,
                 coalesce(max(substring(number from '-([0-9]+)$')::bigint), 0)::text as last
            from orders where tenant_id = ${store.id}`,
    ),
  );
  const wanted = count - existing.n;
  if (wanted <= 0) {
    out(`  nothing to add: the store has ${fmt(existing.n)} orders (wanted ${fmt(count)})`);
    return;
  }
  const catalog = await orderCatalog(database, store.id);
  out(
    `  orders: ${fmt(existing.n)} already there; adding ${fmt(wanted)} from ${fmt(catalog.variants.length)} variants of ` +
      `${catalog.vendorIds.length} vendors`,
  );
  const first = Number(existing.last) + 1;
  const last = first + wanted - 1;
  const prefix = store.slug.toUpperCase();
  const ranges: Array<[number, number]> = [];
  for (let from = first; from <= last; from += batch) ranges.push([from, Math.min(last, from + batch - 1)]);
  const loadStarted = Date.now();
  let done = 0;
  const worker = async () => {
    for (let range = ranges.shift(); range; range = ranges.shift()) {
      const [from, to] = range;
      await inStore(
        database,
        store.id,
        (tx) => insertOrderBatch(tx, { tenantId: store.id, currency: store.currency, prefix, catalog, from, to, last }),
        bulk,
      );
      done += to - from + 1;
      const elapsed = Date.now() - loadStarted;
      out(
        `  ${fmt(existing.n + done).padStart(11)} / ${fmt(count)} orders  ${fmt((done / elapsed) * 1000)}/s  ${secs(elapsed)}`,
      );
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  // Checkouts that follow take numbers after the generated ones.
  await inStore(database, store.id, (tx) =>
    tx.execute(sql`
      insert into order_counters (tenant_id, id, last_number) values (${store.id}, ${store.id}, ${last})
      on conflict (tenant_id, id) do update set last_number = greatest(order_counters.last_number, excluded.last_number)`),
  );
  const t = Date.now();
  await database.db.execute(sql`vacuum (analyze) orders, sub_orders, order_lines, payments`);
  out(`  orders written in ${secs(t - loadStarted)}; vacuumed and analyzed in ${secs(Date.now() - t)}`);
}

/** Facet counts against a direct count of the listed products: [listed products, mismatched rows]. */
async function checkFacets(database: Database, tenantId: string): Promise<{ listed: number; mismatched: number }> {
  return inStore(database, tenantId, (tx) =>
    one<{ listed: number; mismatched: number }>(
      tx,
      sql`with direct as (
            select coalesce(category_id, '00000000-0000-0000-0000-000000000000'::uuid) as category_id, vendor_id,
                   catalog_price_bucket(price_min) as price_bucket, in_stock, featured, count(*)::int as n
              from products where tenant_id = ${tenantId} and listed group by 1, 2, 3, 4, 5)
          select (select coalesce(sum(n), 0)::int from direct) as listed,
                 (select count(*)::int
                    from direct d
                    full join (select * from catalog_facet_counts where tenant_id = ${tenantId} and count > 0) f
                      using (category_id, vendor_id, price_bucket, in_stock, featured)
                   where d.n is distinct from f.count) as mismatched`,
    ),
  );
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const config = loadConfig();
  const url = config.databaseMigrationUrl;
  if (!url && Math.max(opts.products, opts.orders ?? 0) > EMBEDDED_LIMIT) {
    process.stderr.write(
      `bench:data: ${fmt(Math.max(opts.products, opts.orders ?? 0))} products or orders is too many for the embedded database (at most ${fmt(EMBEDDED_LIMIT)}).\n` +
        '  It runs inside this one process; a large catalog belongs in PostgreSQL. Set DATABASE_URL to a\n' +
        '  migrated PostgreSQL database (npm run db:migrate), e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bazaar_bench npm run bench:data -- --products 1000000\n',
    );
    return 2;
  }
  const database = await openDatabase({
    url,
    poolSize: url ? (opts.jobs ?? MAX_DEFAULT_JOBS) : 1,
    dataDir: config.dataDir,
    applicationName: 'bazaar-bench-data',
  });
  try {
    if (database.kind === 'embedded') await migrate(database);
    const ready = await one<{ ok: boolean; superuser: boolean }>(
      database.db,
      sql`select to_regclass('public.catalog_facet_counts') is not null as ok,
                 (select rolsuper from pg_roles where rolname = current_user) as superuser`,
    );
    if (!ready.ok) {
      process.stderr.write('bench:data: the database has no catalog tables; run `npm run db:migrate` first\n');
      return 2;
    }
    if (opts.mode === 'bulk' && !ready.superuser) {
      process.stderr.write(
        'bench:data: --mode bulk skips triggers for its session, which needs a superuser; use --mode triggers\n',
      );
      return 2;
    }
    const bulk = opts.mode === 'bulk' || (opts.mode === 'auto' && ready.superuser);
    if (!bulk && (opts.jobs ?? 1) > 1) {
      process.stderr.write('bench:data: --jobs above 1 needs bulk mode (concurrent batches with triggers deadlock)\n');
      return 2;
    }
    const jobs =
      bulk && database.kind === 'postgres' ? (opts.jobs ?? Math.min(MAX_DEFAULT_JOBS, availableParallelism())) : 1;
    const started = Date.now();
    const store = await ensureStore(database, opts.tenant);
    out(
      `bench:data: store "${opts.tenant}" (${store.id})${store.created ? ' created' : ''} on the ${database.kind} database; ` +
        `${bulk ? `bulk mode (triggers off for this session, facet counts rebuilt at the end), ${jobs} batch(es) at a time` : 'triggers mode'}`,
    );
    if (opts.reset) {
      const t = Date.now();
      await resetStore(database, store.id, bulk);
      out(`  reset: the store's catalog and orders deleted in ${secs(Date.now() - t)}`);
    }
    let facetsMatch = true;
    if (opts.products > 0) {
      const vendorList = await ensureVendors(database, store.id, opts.vendors);
      const leaves = await ensureCategories(database, store.id, opts.categories);
      const existing = await inStore(database, store.id, (tx) =>
        one<{ n: number; last: number }>(
          tx,
          sql`select count(*)::int as n,
                     coalesce(max(substring(slug from '-([0-9]+)$')::bigint), 0)::bigint as last
                from products where tenant_id = ${store.id}`,
        ),
      );
      out(
        `  ${vendorList.length} vendors (${vendorList.filter((v) => v.approved).length} approved), ` +
          `${leaves.length} leaf categories, ${fmt(existing.n)} products already there`,
      );

      const wanted = opts.products - existing.n;
      if (wanted > 0) {
        const first = Number(existing.last) + 1;
        const last = first + wanted - 1;
        const loadStarted = Date.now();
        const ranges: Array<[number, number]> = [];
        for (let from = first; from <= last; from += opts.batch)
          ranges.push([from, Math.min(last, from + opts.batch - 1)]);
        let done = 0;
        // Each worker takes the next batch on its own connection (bulk mode only: with triggers on,
        // concurrent batches would update the same facet-count rows in different orders).
        const worker = async () => {
          for (let range = ranges.shift(); range; range = ranges.shift()) {
            const [from, to] = range;
            const took = await inStore(
              database,
              store.id,
              (tx) =>
                insertBatch(tx, {
                  tenantId: store.id,
                  currency: store.currency,
                  vendors: vendorList,
                  leaves,
                  from,
                  to,
                  last,
                }),
              bulk,
            );
            done += to - from + 1;
            const elapsed = Date.now() - loadStarted;
            out(
              `  ${fmt(existing.n + done).padStart(11)} / ${fmt(opts.products)} products  ` +
                `${fmt((done / elapsed) * 1000)}/s  ${secs(elapsed)}  ` +
                `(batch of ${fmt(to - from + 1)}: attributes ${secs(took.attributes)}, products ${secs(took.products)}, ` +
                `variants ${secs(took.variants)})`,
            );
          }
        };
        await Promise.all(Array.from({ length: jobs }, worker));
        out(`  products and variants written in ${secs(Date.now() - loadStarted)}`);
      } else {
        out(`  nothing to add: the store has ${fmt(existing.n)} products (wanted ${fmt(opts.products)})`);
      }

      if (bulk) {
        const t = Date.now();
        await inStore(database, store.id, async (tx) => {
          await tx.execute(sql`select catalog_rebuild_facet_counts(${store.id}::uuid)`);
        });
        out(`  facet counts rebuilt in ${secs(Date.now() - t)}`);
      }
      // VACUUM as well: it empties the GIN indexes' pending lists (which every search would otherwise
      // scan) and marks pages all-visible for index-only scans.
      let t = Date.now();
      await database.db.execute(sql`vacuum (analyze) products, variants`);
      await database.db.execute(sql`analyze vendors, categories, catalog_facet_counts`);
      out(`  vacuumed and analyzed in ${secs(Date.now() - t)}`);
      t = Date.now();
      const facets = await checkFacets(database, store.id);
      out(
        `  facet counts ${facets.mismatched === 0 ? 'match' : 'DO NOT match'} a direct count ` +
          `(${fmt(facets.listed)} listed products; ${facets.mismatched} rows differ; checked in ${secs(Date.now() - t)})`,
      );
      facetsMatch = facets.mismatched === 0;
    }
    if (opts.orders !== undefined) {
      await ensureOrders(database, { ...store, slug: opts.tenant }, opts.orders, opts.batch, jobs, bulk);
    }
    out(`bench:data: done in ${secs(Date.now() - started)}`);
    return facetsMatch ? 0 : 1;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  } else {
    // A failed query's message carries the whole generating statement: its first line and the cause suffice.
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : String(err);
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    process.stderr.write(`bench:data: ${message}${cause}\n`);
    process.exitCode = 1;
  }
}
