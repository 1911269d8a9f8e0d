/**
 * The demo catalog's content: for each demo store its vendors, category tree and products, and the
 * reviews customers left in the `demo` store. Prices are minor units of the store's currency (USD
 * cents, euro cents, paise). `art` picks the colours and motif of the product's generated image.
 */
import type { ProductOption, ProductStatus, Translations } from './catalog.tables.js';

export type Motif =
  | 'mug'
  | 'bowl'
  | 'board'
  | 'textile'
  | 'notebook'
  | 'pen'
  | 'book'
  | 'toy'
  | 'backpack'
  | 'garment'
  | 'bottle'
  | 'lamp'
  | 'jar'
  | 'frame';

export interface SeedArt {
  /** Gradient from the top-left to the bottom-right corner. */
  from: string;
  to: string;
  motif: Motif;
  /** Colour of the motif and the caption. */
  ink: string;
}

export interface SeedVariant {
  /** One value per product option, in the product's option order. */
  values: readonly string[];
  price: number;
  stock: number;
  compareAt?: number;
}

export interface SeedProduct {
  slug: string;
  title: string;
  description: string;
  category: string;
  vendor: string;
  options?: readonly ProductOption[];
  variants: readonly SeedVariant[];
  weightGrams?: number;
  featured?: boolean;
  status?: ProductStatus;
  translations?: Translations;
  art: SeedArt;
}

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  parent?: string;
  translations: Translations;
}

export interface SeedVendor {
  slug: string;
  name: string;
  description: string;
  /** SKU prefix of the vendor's variants. */
  sku: string;
  /** The store account that acts for the vendor, when there is one. */
  userEmail?: string;
}

export interface SeedReview {
  product: string;
  /** Index into `reviewers`. */
  reviewer: number;
  rating: 1 | 2 | 3 | 4 | 5;
  title: string;
  body: string;
}

export interface SeedStoreCatalog {
  store: string;
  vendors: readonly SeedVendor[];
  categories: readonly SeedCategory[];
  products: readonly SeedProduct[];
  reviewers: readonly { email: string; name: string }[];
  reviews: readonly SeedReview[];
}

/** A product with a single option: `[value, price, stock, compareAt?]` per variant. */
function byOption(
  name: string,
  rows: ReadonlyArray<readonly [string, number, number, number?]>,
): { options: ProductOption[]; variants: SeedVariant[] } {
  return {
    options: [{ name, values: rows.map((r) => r[0]) }],
    variants: rows.map(([value, price, stock, compareAt]) => ({
      values: [value],
      price,
      stock,
      ...(compareAt === undefined ? {} : { compareAt }),
    })),
  };
}

/** A product without options: one variant. */
const single = (price: number, stock: number, compareAt?: number): { variants: SeedVariant[] } => ({
  variants: [{ values: [], price, stock, ...(compareAt === undefined ? {} : { compareAt }) }],
});

const de = (title: string, description?: string): Translations => ({
  de: description === undefined ? { title } : { title, description },
});

// Palettes, one per mood.
const clay = { from: '#f3e3d3', to: '#d9a384', ink: '#5a3a29' };
const sage = { from: '#e4ecdf', to: '#9fb89a', ink: '#2f4a34' };
const ocean = { from: '#dde9f2', to: '#7fa4c4', ink: '#1f3b57' };
const linen = { from: '#f7f1e6', to: '#d8c7a8', ink: '#4d4132' };
const berry = { from: '#f5dfe6', to: '#c97b93', ink: '#5b2438' };
const sun = { from: '#fdf0c9', to: '#f2b35b', ink: '#6a4310' };
const forest = { from: '#e2ebdf', to: '#86a37f', ink: '#1f3a24' };
const ink = { from: '#e3e6ee', to: '#7a86a8', ink: '#232a40' };
const paper = { from: '#faf6ee', to: '#cbb89a', ink: '#3e3324' };
const plum = { from: '#ece3f3', to: '#9a7bb8', ink: '#35214d' };
const spice = { from: '#fbe7d0', to: '#d9772b', ink: '#5a2a08' };
const slate = { from: '#e6e9ea', to: '#8c9aa0', ink: '#243036' };

const demoCategories: SeedCategory[] = [
  {
    slug: 'home',
    name: 'Home',
    description: 'Things made to be used every day, in the kitchen and around the house.',
    translations: { de: { name: 'Wohnen', description: 'Dinge für jeden Tag, in der Küche und im ganzen Haus.' } },
  },
  {
    slug: 'kitchen',
    name: 'Kitchen',
    parent: 'home',
    description: 'Mugs, bowls, boards and utensils thrown, carved and glazed by hand.',
    translations: { de: { name: 'Küche', description: 'Becher, Schalen, Bretter und Besteck, von Hand gefertigt.' } },
  },
  {
    slug: 'textiles',
    name: 'Textiles',
    parent: 'home',
    description: 'Linen, cotton and wool for the table, the kitchen and the sofa.',
    translations: {
      de: { name: 'Heimtextilien', description: 'Leinen, Baumwolle und Wolle für Tisch, Küche und Sofa.' },
    },
  },
  {
    slug: 'stationery',
    name: 'Stationery',
    description: 'Notebooks, cards and pens for people who still write by hand.',
    translations: {
      de: {
        name: 'Schreibwaren',
        description: 'Notizbücher, Karten und Stifte für alle, die noch von Hand schreiben.',
      },
    },
  },
  {
    slug: 'books',
    name: 'Books',
    description: 'Second-hand books, checked page by page and graded honestly.',
    translations: {
      de: { name: 'Bücher', description: 'Gebrauchte Bücher, Seite für Seite geprüft und ehrlich bewertet.' },
    },
  },
  {
    slug: 'toys',
    name: 'Toys',
    description: 'Wooden toys and classic games that last for more than one childhood.',
    translations: {
      de: { name: 'Spielzeug', description: 'Holzspielzeug und Spieleklassiker, die mehr als eine Kindheit halten.' },
    },
  },
];

const condition = 'Condition';

const demoProducts: SeedProduct[] = [
  // Demo Crafts: kitchen
  {
    slug: 'hand-thrown-stoneware-mug',
    title: 'Hand-thrown Stoneware Mug',
    description:
      'A generous 350 ml mug thrown on the wheel from speckled stoneware and dipped in a food-safe glaze. The wide handle fits three fingers, and the unglazed foot shows the clay it was made from. Dishwasher and microwave safe.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...byOption('Colour', [
      ['Speckled White', 2800, 14],
      ['Sage', 2800, 9],
      ['Midnight Blue', 2800, 0, 3200],
    ]),
    weightGrams: 420,
    featured: true,
    translations: de('Handgedrehter Steinzeugbecher'),
    art: { ...clay, motif: 'mug' },
  },
  {
    slug: 'espresso-cup-pair',
    title: 'Espresso Cup Pair',
    description:
      'Two small 90 ml cups for a proper espresso, thrown as a pair so they match without being identical. Thick walls keep the coffee hot; the glaze breaks softly over the rim.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...byOption('Glaze', [
      ['Ash', 3200, 12],
      ['Rust', 3200, 6],
    ]),
    weightGrams: 380,
    translations: de('Espressotassen im Paar'),
    art: { ...spice, motif: 'mug' },
  },
  {
    slug: 'wide-ramen-bowl',
    title: 'Wide Ramen Bowl',
    description:
      'A deep, wide bowl for noodle soups, salads and anything eaten with chopsticks. Glazed inside in a glossy celadon, left matte outside so it sits comfortably in the hand.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...byOption('Size', [
      ['Medium', 3600, 10],
      ['Large', 4200, 7],
    ]),
    weightGrams: 760,
    translations: de('Breite Ramen-Schale'),
    art: { ...sage, motif: 'bowl' },
  },
  {
    slug: 'olive-wood-serving-board',
    title: 'Olive Wood Serving Board',
    description:
      'Cut from a single piece of olive wood with its live edge left on, oiled and ready for cheese, bread or charcuterie. Every board has its own grain; wash by hand and oil now and then.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...byOption('Size', [
      ['Small', 4500, 8],
      ['Large', 6500, 5, 7500],
    ]),
    weightGrams: 900,
    featured: true,
    translations: de('Servierbrett aus Olivenholz'),
    art: { ...linen, motif: 'board' },
  },
  {
    slug: 'hand-carved-cherry-spoon-set',
    title: 'Hand-carved Cherry Spoon Set',
    description:
      'A cooking spoon, a stirring spoon and a small scoop, carved green from cherry wood and finished with walnut oil. Light, strong and kind to non-stick pans.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...single(2400, 20),
    weightGrams: 150,
    translations: de('Handgeschnitzte Kochlöffel aus Kirschholz'),
    art: { ...spice, motif: 'board' },
  },
  {
    slug: 'ceramic-pour-over-dripper',
    title: 'Ceramic Pour-over Dripper',
    description:
      'A cone dripper for one or two cups, with spiral ribs inside for an even extraction. Takes standard size 2 filters and sits on most mugs and carafes.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...single(3900, 0),
    weightGrams: 350,
    translations: de('Keramik-Handfilter'),
    art: { ...slate, motif: 'bowl' },
  },
  {
    slug: 'stoneware-butter-dish',
    title: 'Stoneware Butter Dish',
    description:
      'A covered dish that keeps a standard block of butter soft on the counter and out of the light. The lid has a small knot of clay for a handle.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...single(3000, 11),
    weightGrams: 640,
    translations: de('Butterdose aus Steinzeug'),
    art: { ...sun, motif: 'jar' },
  },
  {
    slug: 'speckled-dinner-plate-set',
    title: 'Speckled Dinner Plate Set of 4',
    description:
      'Four 27 cm dinner plates in speckled oatmeal stoneware with a softly raised rim. Made in small batches, so each set varies a little in tone.',
    category: 'kitchen',
    vendor: 'demo-crafts',
    ...single(8800, 4, 9900),
    weightGrams: 2600,
    translations: de('Gesprenkelte Speiseteller, 4er-Set'),
    art: { ...linen, motif: 'bowl' },
  },
  // Demo Crafts: textiles
  {
    slug: 'linen-tea-towel',
    title: 'Linen Tea Towel',
    description:
      'Woven from heavy European flax, this towel dries glasses without lint and gets softer with every wash. A hanging loop in the corner; 50 × 70 cm.',
    category: 'textiles',
    vendor: 'demo-crafts',
    ...byOption('Colour', [
      ['Natural', 1600, 40],
      ['Indigo Stripe', 1600, 25],
      ['Terracotta', 1600, 3],
    ]),
    weightGrams: 120,
    featured: true,
    translations: de('Geschirrtuch aus Leinen'),
    art: { ...linen, motif: 'textile' },
  },
  {
    slug: 'stonewashed-linen-napkins',
    title: 'Stonewashed Linen Napkins (Set of 4)',
    description:
      'Four napkins of stonewashed linen, soft from the first use and happily rumpled. Mitred corners and a narrow hem; 45 × 45 cm.',
    category: 'textiles',
    vendor: 'demo-crafts',
    ...byOption('Colour', [
      ['Oat', 3400, 18],
      ['Sage', 3400, 12],
    ]),
    weightGrams: 200,
    translations: de('Stonewashed-Leinenservietten (4 Stück)'),
    art: { ...sage, motif: 'textile' },
  },
  {
    slug: 'hand-woven-cotton-throw',
    title: 'Hand-woven Cotton Throw',
    description:
      'A large throw woven on a floor loom from organic cotton, with a herringbone pattern and knotted fringes. Warm enough for a cool evening on the sofa, light enough for summer; 130 × 180 cm.',
    category: 'textiles',
    vendor: 'demo-crafts',
    ...single(12900, 6, 14900),
    weightGrams: 1100,
    translations: de('Handgewebte Baumwolldecke'),
    art: { ...ocean, motif: 'textile' },
  },
  {
    slug: 'block-printed-table-runner',
    title: 'Block-printed Table Runner',
    description:
      'Cotton runner printed by hand with carved wooden blocks in two colours. Small irregularities in the print are part of the method.',
    category: 'textiles',
    vendor: 'demo-crafts',
    ...byOption('Length', [
      ['180 cm', 4200, 9],
      ['240 cm', 5200, 5],
    ]),
    weightGrams: 300,
    translations: de('Handbedruckter Tischläufer'),
    art: { ...berry, motif: 'textile' },
  },
  {
    slug: 'waxed-canvas-apron',
    title: 'Waxed Canvas Apron',
    description:
      'A work apron of waxed cotton canvas with leather straps that cross at the back, two deep pockets and a pen slot. Shrugs off flour, clay and splashes.',
    category: 'textiles',
    vendor: 'demo-crafts',
    options: [
      { name: 'Colour', values: ['Tobacco', 'Olive'] },
      { name: 'Size', values: ['S/M', 'L/XL'] },
    ],
    variants: [
      { values: ['Tobacco', 'S/M'], price: 5800, stock: 6 },
      { values: ['Tobacco', 'L/XL'], price: 5800, stock: 4 },
      { values: ['Olive', 'S/M'], price: 5800, stock: 5 },
      { values: ['Olive', 'L/XL'], price: 5800, stock: 0 },
    ],
    weightGrams: 650,
    translations: de('Schürze aus gewachstem Canvas'),
    art: { ...forest, motif: 'garment' },
  },
  {
    slug: 'quilted-pot-holders',
    title: 'Quilted Pot Holders (Pair)',
    description:
      'Two thick quilted pot holders sewn from cotton offcuts, with a cotton batting core and a loop to hang them by the stove.',
    category: 'textiles',
    vendor: 'demo-crafts',
    ...single(1900, 2),
    weightGrams: 140,
    translations: de('Gesteppte Topflappen (Paar)'),
    art: { ...berry, motif: 'textile' },
  },
  {
    slug: 'hand-woven-wool-rug',
    title: 'Hand-woven Wool Rug',
    description:
      'A flat-woven rug of undyed sheep wool in cream and charcoal stripes, made to order on a wide loom. Reversible and hard-wearing; vacuum without the brush.',
    category: 'textiles',
    vendor: 'demo-crafts',
    ...byOption('Size', [
      ['120 × 180 cm', 29900, 3],
      ['160 × 230 cm', 44900, 2],
    ]),
    weightGrams: 5200,
    translations: de('Handgewebter Wollteppich'),
    art: { ...slate, motif: 'textile' },
  },
  // Demo Crafts: stationery
  {
    slug: 'a5-dot-grid-notebook',
    title: 'A5 Dot-grid Notebook',
    description:
      'Ninety-six sheets of 120 g ivory paper with a faint dot grid, sewn in sections so the book lies flat. Fountain-pen friendly, with a recycled board cover.',
    category: 'stationery',
    vendor: 'demo-crafts',
    ...byOption('Cover', [
      ['Kraft', 1800, 30],
      ['Slate', 1800, 22],
      ['Forest', 1800, 15],
    ]),
    weightGrams: 320,
    featured: true,
    translations: de('A5-Notizbuch mit Punktraster'),
    art: { ...paper, motif: 'notebook' },
  },
  {
    slug: 'hand-bound-leather-journal',
    title: 'Hand-bound Leather Journal',
    description:
      'A journal bound by hand in vegetable-tanned leather that darkens with use, wrapped with a long leather tie. Refillable with plain paper inserts.',
    category: 'stationery',
    vendor: 'demo-crafts',
    ...byOption('Size', [
      ['A6', 3900, 10],
      ['A5', 5200, 8],
    ]),
    weightGrams: 280,
    translations: de('Handgebundenes Lederjournal'),
    art: { ...spice, motif: 'notebook' },
  },
  {
    slug: 'letterpress-greeting-cards',
    title: 'Letterpress Greeting Cards (Set of 6)',
    description:
      'Six blank cards printed on a 1950s platen press with botanical designs, deeply impressed into soft cotton paper. With kraft envelopes.',
    category: 'stationery',
    vendor: 'demo-crafts',
    ...single(2200, 25),
    weightGrams: 180,
    translations: de('Letterpress-Grußkarten (6 Stück)'),
    art: { ...berry, motif: 'frame' },
  },
  {
    slug: 'brass-desk-pen',
    title: 'Brass Desk Pen',
    description:
      'A weighty solid-brass ballpoint turned on a lathe; it takes standard refills and will outlast them all. The brass develops a warm patina over time.',
    category: 'stationery',
    vendor: 'demo-crafts',
    ...single(4800, 9, 5600),
    weightGrams: 60,
    translations: de('Schreibtischstift aus Messing'),
    art: { ...sun, motif: 'pen' },
  },
  {
    slug: 'linen-sketchbook',
    title: 'Linen Sketchbook',
    description:
      'A square sketchbook with a linen cover and 80 sheets of heavy drawing paper that takes pencil, ink and light washes.',
    category: 'stationery',
    vendor: 'demo-crafts',
    ...single(2600, 14),
    weightGrams: 450,
    translations: de('Skizzenbuch mit Leineneinband'),
    art: { ...linen, motif: 'notebook' },
  },
  // Demo Crafts: toys
  {
    slug: 'wooden-stacking-rainbow',
    title: 'Wooden Stacking Rainbow',
    description:
      'Seven nesting arches of lime wood, painted with water-based colours. A stacking toy, a tunnel for toy cars and a sculpture on the shelf.',
    category: 'toys',
    vendor: 'demo-crafts',
    ...single(4200, 12),
    weightGrams: 700,
    featured: true,
    translations: de('Holz-Stapelregenbogen'),
    art: { ...sun, motif: 'toy' },
  },
  {
    slug: 'beechwood-building-blocks',
    title: 'Beechwood Building Blocks (30 pieces)',
    description:
      'Thirty blocks of untreated beech in classic unit proportions, sanded smooth and delivered in a cotton bag. Towers, bridges and castles included in spirit.',
    category: 'toys',
    vendor: 'demo-crafts',
    ...single(5400, 7),
    weightGrams: 1500,
    translations: de('Bauklötze aus Buchenholz (30 Teile)'),
    art: { ...linen, motif: 'toy' },
  },
  {
    slug: 'knitted-fox-soft-toy',
    title: 'Knitted Fox Soft Toy',
    description:
      'A fox knitted from soft merino yarn and stuffed with wool, 25 cm from ears to paws. Each one takes a day to make.',
    category: 'toys',
    vendor: 'demo-crafts',
    ...single(3200, 0),
    weightGrams: 150,
    translations: de('Gestrickter Stofffuchs'),
    art: { ...spice, motif: 'toy' },
  },
  {
    slug: 'wooden-pull-along-duck',
    title: 'Wooden Pull-along Duck',
    description:
      'A duck on wheels that waddles as it rolls, with a cotton cord and a wooden bead to pull it by. For first steps and beyond.',
    category: 'toys',
    vendor: 'demo-crafts',
    ...single(2900, 10),
    weightGrams: 400,
    translations: de('Holz-Nachziehente'),
    art: { ...ocean, motif: 'toy' },
  },
  {
    slug: 'hand-painted-spinning-tops',
    title: 'Hand-painted Spinning Top Set',
    description: 'Three spinning tops in different sizes, turned from maple and painted in bright spirals.',
    category: 'toys',
    vendor: 'demo-crafts',
    ...single(1500, 20),
    weightGrams: 90,
    status: 'draft',
    translations: de('Handbemalte Kreisel (3 Stück)'),
    art: { ...plum, motif: 'toy' },
  },
  // Second Shelf: books
  {
    slug: 'the-art-of-slow-cooking-1998',
    title: 'The Art of Slow Cooking (Hardcover, 1998)',
    description:
      'A much-loved cookbook of stews, braises and bakes that take their time, with the original dust jacket. Light shelf wear; no writing inside.',
    category: 'books',
    vendor: 'second-shelf',
    ...byOption(condition, [
      ['Very Good', 1400, 1],
      ['Good', 1100, 2],
    ]),
    weightGrams: 900,
    translations: de('Die Kunst des langsamen Kochens (gebunden, 1998)'),
    art: { ...spice, motif: 'book' },
  },
  {
    slug: 'field-guide-to-british-birds',
    title: 'Field Guide to British Birds (2nd edition)',
    description:
      'Compact field guide with colour plates of over 250 species and their songs described in words. A previous owner ticked the birds they saw, in pencil.',
    category: 'books',
    vendor: 'second-shelf',
    ...byOption(condition, [['Good', 1200, 3]]),
    weightGrams: 450,
    translations: de('Bestimmungsbuch britischer Vögel (2. Auflage)'),
    art: { ...forest, motif: 'book' },
  },
  {
    slug: 'collected-poems-of-emily-dickinson',
    title: 'Collected Poems of Emily Dickinson',
    description:
      'A clothbound edition of the complete poems, with an introduction and an index of first lines. Tight binding and clean pages.',
    category: 'books',
    vendor: 'second-shelf',
    ...byOption(condition, [
      ['Like New', 1800, 1],
      ['Acceptable', 900, 2],
    ]),
    weightGrams: 700,
    featured: true,
    translations: de('Gesammelte Gedichte von Emily Dickinson'),
    art: { ...plum, motif: 'book' },
  },
  {
    slug: 'a-brief-history-of-typography',
    title: 'A Brief History of Typography',
    description:
      'From Gutenberg to the screen: an illustrated history of type design, printing and the people behind the letters. Former library copy with stamps.',
    category: 'books',
    vendor: 'second-shelf',
    ...single(2200, 2),
    weightGrams: 800,
    featured: true,
    translations: de('Eine kurze Geschichte der Typografie'),
    art: { ...ink, motif: 'book' },
  },
  {
    slug: 'classic-childrens-atlas-1985',
    title: "Classic Children's Atlas (1985)",
    description:
      'A large-format atlas with painted maps of animals, peoples and landmarks, a time capsule of the world as it was drawn in 1985.',
    category: 'books',
    vendor: 'second-shelf',
    ...single(1600, 1),
    weightGrams: 1200,
    translations: de('Klassischer Kinderatlas (1985)'),
    art: { ...ocean, motif: 'book' },
  },
  {
    slug: 'moby-dick-penguin-classics',
    title: 'Moby-Dick (Penguin Classics paperback)',
    description:
      "Herman Melville's novel of obsession at sea, in the Penguin Classics edition with notes. A reading copy.",
    category: 'books',
    vendor: 'second-shelf',
    ...byOption(condition, [
      ['Good', 800, 4],
      ['Acceptable', 500, 6],
    ]),
    weightGrams: 500,
    translations: de('Moby-Dick (Penguin-Classics-Taschenbuch)'),
    art: { ...ocean, motif: 'book' },
  },
  {
    slug: 'the-joy-of-gardening',
    title: 'The Joy of Gardening',
    description:
      'Practical, cheerful advice on vegetables, herbs and flower borders, with month-by-month planting calendars. Softcover, lightly foxed.',
    category: 'books',
    vendor: 'second-shelf',
    ...single(1300, 0),
    weightGrams: 600,
    translations: de('Die Freude am Gärtnern'),
    art: { ...sage, motif: 'book' },
  },
  {
    slug: 'science-fiction-paperback-bundle',
    title: 'Science Fiction Paperback Bundle (5 books)',
    description:
      'Five classic science fiction novels from the 1960s and 70s in their original paperback covers: space operas, robots and a very strange planet.',
    category: 'books',
    vendor: 'second-shelf',
    ...single(3500, 2, 4500),
    weightGrams: 1000,
    translations: de('Science-Fiction-Taschenbuchpaket (5 Bücher)'),
    art: { ...plum, motif: 'book' },
  },
  {
    slug: 'vintage-cookbook-collection',
    title: 'Vintage Cookbook Collection (3 books)',
    description: 'Three community cookbooks from the 1960s, spiral-bound and full of handwritten notes in the margins.',
    category: 'books',
    vendor: 'second-shelf',
    ...single(2700, 1),
    weightGrams: 1300,
    status: 'pending_review',
    translations: de('Vintage-Kochbuchsammlung (3 Bücher)'),
    art: { ...sun, motif: 'book' },
  },
  // Second Shelf: stationery
  {
    slug: 'vintage-fountain-pen-1960s',
    title: 'Vintage Fountain Pen (1960s)',
    description:
      'A lever-filling fountain pen with a fine gold nib, restored with a new ink sac and tested. Marbled green barrel with gold-plated trim.',
    category: 'stationery',
    vendor: 'second-shelf',
    ...single(6900, 1),
    weightGrams: 40,
    featured: true,
    translations: de('Vintage-Füllfederhalter (1960er)'),
    art: { ...forest, motif: 'pen' },
  },
  {
    slug: 'antique-brass-paperweight',
    title: 'Antique Brass Paperweight',
    description: 'A heavy brass paperweight in the shape of a sleeping cat, with a lovely worn patina.',
    category: 'stationery',
    vendor: 'second-shelf',
    ...single(2500, 1),
    weightGrams: 450,
    translations: de('Antiker Briefbeschwerer aus Messing'),
    art: { ...sun, motif: 'jar' },
  },
  {
    slug: 'vintage-postcards-set',
    title: 'Set of Vintage Postcards (12)',
    description: 'Twelve unused postcards of seaside towns from the 1950s and 60s, in soft hand-tinted colours.',
    category: 'stationery',
    vendor: 'second-shelf',
    ...single(1500, 5),
    weightGrams: 80,
    translations: de('Vintage-Postkarten (12 Stück)'),
    art: { ...ocean, motif: 'frame' },
  },
  {
    slug: 'antique-oak-writing-box',
    title: 'Antique Oak Writing Box',
    description:
      'A Victorian oak writing slope that opens to a leather-lined desk, with two glass inkwells and a hidden drawer. Restored hinges, original key.',
    category: 'stationery',
    vendor: 'second-shelf',
    ...single(58000, 1),
    weightGrams: 3400,
    translations: de('Antikes Schreibkästchen aus Eiche'),
    art: { ...paper, motif: 'frame' },
  },
  // Second Shelf: kitchen and toys
  {
    slug: 'enamel-coffee-pot-1970s',
    title: 'Enamel Coffee Pot (1970s)',
    description: 'A cheerful orange enamel percolator, chip-free and cleaned. Works on gas and electric hobs.',
    category: 'kitchen',
    vendor: 'second-shelf',
    ...single(3800, 1),
    weightGrams: 800,
    translations: de('Emaille-Kaffeekanne (1970er)'),
    art: { ...spice, motif: 'jar' },
  },
  {
    slug: 'vintage-ceramic-mixing-bowl',
    title: 'Vintage Ceramic Mixing Bowl',
    description:
      'A heavy cream-coloured mixing bowl with a ribbed outside, the kind that stays put while you beat a batter.',
    category: 'kitchen',
    vendor: 'second-shelf',
    ...single(3200, 2),
    weightGrams: 1800,
    translations: de('Vintage-Rührschüssel aus Keramik'),
    art: { ...linen, motif: 'bowl' },
  },
  {
    slug: 'vintage-tin-wind-up-robot',
    title: 'Vintage Tin Wind-up Robot',
    description:
      'A lithographed tin robot from the 1970s that still walks and sparks when wound up. Minor scratches; the key is original.',
    category: 'toys',
    vendor: 'second-shelf',
    ...single(4500, 1, 5200),
    weightGrams: 350,
    translations: de('Vintage-Blechroboter zum Aufziehen'),
    art: { ...slate, motif: 'toy' },
  },
  {
    slug: 'wooden-jigsaw-puzzle-500',
    title: 'Wooden Jigsaw Puzzle, 500 pieces',
    description:
      'A laser-cut wooden puzzle of a harbour at dusk, counted and complete, with whimsy pieces shaped like boats and gulls.',
    category: 'toys',
    vendor: 'second-shelf',
    ...single(1700, 3),
    weightGrams: 600,
    translations: de('Holzpuzzle, 500 Teile'),
    art: { ...ocean, motif: 'toy' },
  },
  {
    slug: 'classic-board-game-bundle',
    title: 'Classic Board Game Bundle',
    description:
      'Chess, draughts and backgammon in one folding wooden case, all pieces present. A complete games night.',
    category: 'toys',
    vendor: 'second-shelf',
    ...single(3900, 2),
    weightGrams: 1400,
    translations: de('Brettspiel-Klassiker im Set'),
    art: { ...forest, motif: 'board' },
  },
];

const reviewers = [
  { email: 'reviewer1@demo.test', name: 'Rosa Reviewer' },
  { email: 'reviewer2@demo.test', name: 'Ravi Reader' },
  { email: 'reviewer3@demo.test', name: 'Mia Maker' },
  { email: 'reviewer4@demo.test', name: 'Tom Tester' },
  { email: 'reviewer5@demo.test', name: 'Lena Buyer' },
] as const;

/** What reviewers say, by star rating. */
const verdicts: Record<1 | 2 | 3 | 4 | 5, ReadonlyArray<readonly [string, string]>> = {
  5: [
    ['Absolutely lovely', 'Even nicer in person than in the photos. Well made and beautifully packed.'],
    ['Worth every cent', 'You can tell real care went into this. I have already ordered another as a gift.'],
    ['Exactly as described', 'Arrived quickly, exactly as described, and it has become an everyday favourite.'],
  ],
  4: [
    ['Very happy', 'Great quality and arrived well packed. Slightly smaller than I imagined, but I love it.'],
    ['Lovely, small quibble', 'Beautiful piece; delivery took a few days longer than promised.'],
  ],
  3: [['Nice, not perfect', 'Good value for the price, though the colour is a little different from the photo.']],
  2: [['Not for me', 'Well made, but it did not suit what I needed it for. The seller was helpful.']],
  1: [['Disappointed', 'Arrived damaged. The seller offered a replacement, but I expected better packaging.']],
};

/**
 * Reviews on most active products: a repeating pattern of reviewers and star ratings, mostly
 * happy, with the occasional poor one so the rating summaries are not all alike.
 */
function demoReviews(): SeedReview[] {
  const pattern: Array<1 | 2 | 3 | 4 | 5> = [5, 4, 5, 3, 5, 4, 2, 5, 4, 5, 1, 4, 5];
  const out: SeedReview[] = [];
  let k = 0;
  demoProducts
    .filter((p) => (p.status ?? 'active') === 'active')
    .forEach((p, i) => {
      const count = [3, 1, 4, 0, 2, 5, 1, 3][i % 8] as number;
      for (let j = 0; j < count; j++) {
        const rating = pattern[k % pattern.length] as 1 | 2 | 3 | 4 | 5;
        const options = verdicts[rating];
        const [title, body] = options[k % options.length] as readonly [string, string];
        out.push({ product: p.slug, reviewer: (i + j) % reviewers.length, rating, title, body });
        k++;
      }
    });
  return out;
}

const acmeCategories: SeedCategory[] = [
  {
    slug: 'rucksaecke',
    name: 'Rucksäcke',
    description: 'Rucksäcke für Tagestouren, Hüttenwanderungen und den Weg zur Arbeit.',
    translations: { en: { name: 'Backpacks', description: 'Packs for day hikes, hut-to-hut treks and the commute.' } },
  },
  {
    slug: 'bekleidung',
    name: 'Bekleidung',
    description: 'Funktionskleidung aus Merino, Fleece und wasserdichten Membranen.',
    translations: { en: { name: 'Clothing', description: 'Merino, fleece and waterproof shells for the outdoors.' } },
  },
  {
    slug: 'zubehoer',
    name: 'Zubehör',
    description: 'Flaschen, Lampen, Socken und alles, was sonst noch in den Rucksack gehört.',
    translations: {
      en: { name: 'Accessories', description: 'Bottles, lamps, socks and everything else that goes in the pack.' },
    },
  },
];

const acmeProducts: SeedProduct[] = [
  {
    slug: 'wanderrucksack-30-l',
    title: 'Wanderrucksack 30 L',
    description:
      'Robuster Tourenrucksack mit belüftetem Rückensystem, Hüftgurt mit Taschen, Regenhülle und Trinksystem-Fach. Ideal für lange Tagestouren.',
    category: 'rucksaecke',
    vendor: 'bergfuchs-outdoor',
    ...byOption('Farbe', [
      ['Moosgrün', 8990, 12],
      ['Schiefergrau', 8990, 7],
    ]),
    weightGrams: 1200,
    featured: true,
    translations: { en: { title: 'Hiking Backpack 30 L' } },
    art: { ...forest, motif: 'backpack' },
  },
  {
    slug: 'tagesrucksack-canvas',
    title: 'Tagesrucksack aus Canvas',
    description:
      'Schlichter Rucksack aus gewachstem Baumwoll-Canvas mit Lederriemen und gepolstertem Laptopfach für bis zu 15 Zoll.',
    category: 'rucksaecke',
    vendor: 'bergfuchs-outdoor',
    ...single(5490, 15),
    weightGrams: 900,
    translations: { en: { title: 'Canvas Daypack' } },
    art: { ...linen, motif: 'backpack' },
  },
  {
    slug: 'fleecejacke-gipfel',
    title: 'Fleecejacke „Gipfel“',
    description:
      'Warme, atmungsaktive Fleecejacke aus recyceltem Polyester mit hohem Kragen und zwei Reißverschlusstaschen.',
    category: 'bekleidung',
    vendor: 'bergfuchs-outdoor',
    ...byOption('Größe', [
      ['S', 7990, 5, 9990],
      ['M', 7990, 9, 9990],
      ['L', 7990, 6, 9990],
      ['XL', 7990, 0, 9990],
    ]),
    weightGrams: 480,
    translations: { en: { title: '“Summit” Fleece Jacket' } },
    art: { ...berry, motif: 'garment' },
  },
  {
    slug: 'merino-funktionsshirt',
    title: 'Merino-Funktionsshirt',
    description:
      'Leichtes Kurzarmshirt aus feiner Merinowolle: kühlt bei Hitze, wärmt bei Kälte und riecht auch nach Tagen nicht.',
    category: 'bekleidung',
    vendor: 'bergfuchs-outdoor',
    ...byOption('Größe', [
      ['S', 4990, 10],
      ['M', 4990, 14],
      ['L', 4990, 8],
    ]),
    weightGrams: 160,
    translations: { en: { title: 'Merino Performance T-shirt' } },
    art: { ...slate, motif: 'garment' },
  },
  {
    slug: 'regenjacke-nordwand',
    title: 'Regenjacke „Nordwand“',
    description:
      'Wasserdichte, atmungsaktive Dreilagen-Jacke mit verschweißten Nähten, verstellbarer Kapuze und Unterarmbelüftung.',
    category: 'bekleidung',
    vendor: 'bergfuchs-outdoor',
    ...byOption('Größe', [
      ['M', 14990, 4],
      ['L', 14990, 3],
    ]),
    weightGrams: 420,
    featured: true,
    translations: { en: { title: '“North Wall” Rain Jacket' } },
    art: { ...ocean, motif: 'garment' },
  },
  {
    slug: 'edelstahl-trinkflasche-750',
    title: 'Edelstahl-Trinkflasche 750 ml',
    description:
      'Doppelwandige, vakuumisolierte Flasche: hält Getränke 24 Stunden kalt oder 12 Stunden heiß. Auslaufsicher.',
    category: 'zubehoer',
    vendor: 'bergfuchs-outdoor',
    ...single(2490, 30),
    weightGrams: 380,
    translations: { en: { title: 'Stainless Steel Bottle 750 ml' } },
    art: { ...slate, motif: 'bottle' },
  },
  {
    slug: 'merino-wandersocken',
    title: 'Wandersocken aus Merinowolle (2 Paar)',
    description: 'Gepolsterte Wandersocken mit hohem Merinoanteil, verstärkter Ferse und Spitze und flachen Nähten.',
    category: 'zubehoer',
    vendor: 'bergfuchs-outdoor',
    ...byOption('Größe', [
      ['39–42', 1990, 20],
      ['43–46', 1990, 16],
    ]),
    weightGrams: 140,
    translations: { en: { title: 'Merino Hiking Socks (2 pairs)' } },
    art: { ...spice, motif: 'garment' },
  },
  {
    slug: 'stirnlampe-300-lumen',
    title: 'Stirnlampe 300 Lumen',
    description:
      'Leichte, per USB-C aufladbare Stirnlampe mit Rotlicht, drei Helligkeitsstufen und bis zu 40 Stunden Leuchtdauer.',
    category: 'zubehoer',
    vendor: 'bergfuchs-outdoor',
    ...single(3490, 0),
    weightGrams: 90,
    translations: { en: { title: 'Headlamp 300 Lumens' } },
    art: { ...sun, motif: 'lamp' },
  },
];

const mumbaiCategories: SeedCategory[] = [
  {
    slug: 'textiles',
    name: 'Textiles',
    description: 'Handloom cotton and silk, block-printed and woven by artisan families.',
    translations: {},
  },
  {
    slug: 'tea-spices',
    name: 'Tea & Spices',
    description: 'Single-estate teas and whole spices, packed fresh in small batches.',
    translations: {},
  },
  {
    slug: 'home-decor',
    name: 'Home Décor',
    description: 'Brass, jute and painted art for a warm and colourful home.',
    translations: {},
  },
];

const mumbaiProducts: SeedProduct[] = [
  {
    slug: 'block-printed-cotton-kurta',
    title: 'Hand Block-printed Cotton Kurta',
    description:
      'A breezy straight-cut kurta in soft mulmul cotton, hand block-printed in Jaipur with indigo motifs. Mandarin collar and side pockets.',
    category: 'textiles',
    vendor: 'kala-handloom',
    ...byOption('Size', [
      ['S', 149900, 8],
      ['M', 149900, 12],
      ['L', 149900, 6],
    ]),
    weightGrams: 250,
    featured: true,
    art: { ...ocean, motif: 'garment' },
  },
  {
    slug: 'ikat-silk-stole',
    title: 'Ikat Silk Stole',
    description: 'A light silk stole woven in Pochampally with double ikat patterns in magenta and saffron.',
    category: 'textiles',
    vendor: 'kala-handloom',
    ...single(189900, 5),
    weightGrams: 120,
    art: { ...berry, motif: 'textile' },
  },
  {
    slug: 'cotton-dhurrie-rug',
    title: 'Cotton Dhurrie Rug, 4 × 6 ft',
    description: 'A flat-woven cotton dhurrie from Panipat in earthy stripes. Reversible and easy to wash.',
    category: 'textiles',
    vendor: 'kala-handloom',
    ...single(329900, 3, 399900),
    weightGrams: 3000,
    art: { ...spice, motif: 'textile' },
  },
  {
    slug: 'assam-masala-chai-blend',
    title: 'Assam Masala Chai Blend (250 g)',
    description:
      'Strong Assam CTC tea blended with cardamom, ginger, cinnamon, clove and black pepper. Brew with milk and jaggery.',
    category: 'tea-spices',
    vendor: 'kala-handloom',
    ...single(34900, 40),
    weightGrams: 270,
    featured: true,
    art: { ...spice, motif: 'jar' },
  },
  {
    slug: 'kashmiri-saffron-2g',
    title: 'Kashmiri Saffron (2 g)',
    description: 'Long, deep-red Mongra saffron threads from Pampore, hand-picked and sealed in a glass vial.',
    category: 'tea-spices',
    vendor: 'kala-handloom',
    ...single(49900, 0),
    weightGrams: 30,
    art: { ...sun, motif: 'jar' },
  },
  {
    slug: 'brass-diya-lamp-pair',
    title: 'Brass Diya Lamp (Pair)',
    description: 'Two hand-cast brass oil lamps with a peacock motif, for Diwali and every evening in between.',
    category: 'home-decor',
    vendor: 'kala-handloom',
    ...single(79900, 10),
    weightGrams: 600,
    art: { ...sun, motif: 'lamp' },
  },
  {
    slug: 'madhubani-wall-art',
    title: 'Hand-painted Madhubani Wall Art',
    description:
      'An original Madhubani painting of the tree of life on handmade paper, painted with natural pigments by an artist from Bihar. 12 × 16 in.',
    category: 'home-decor',
    vendor: 'kala-handloom',
    ...single(249900, 2),
    weightGrams: 400,
    art: { ...berry, motif: 'frame' },
  },
  {
    slug: 'jute-storage-basket-set',
    title: 'Jute Storage Basket Set',
    description: 'Three nesting baskets hand-woven from natural jute with cotton handles, for toys, laundry or plants.',
    category: 'home-decor',
    vendor: 'kala-handloom',
    ...single(99900, 9),
    weightGrams: 1100,
    art: { ...linen, motif: 'bowl' },
  },
];

export const demoCatalogs: readonly SeedStoreCatalog[] = [
  {
    store: 'demo',
    vendors: [
      {
        slug: 'demo-crafts',
        name: 'Demo Crafts',
        sku: 'DC',
        userEmail: 'vendor@demo.test',
        description:
          'A small studio of potters, weavers and woodworkers making things for the kitchen, the table and the playroom, by hand and in small batches.',
      },
      {
        slug: 'second-shelf',
        name: 'Second Shelf',
        sku: 'SS',
        userEmail: 'vendor2@demo.test',
        description:
          'Second-hand books, vintage stationery and well-kept finds, each checked, cleaned and graded honestly before it goes on the shelf.',
      },
    ],
    categories: demoCategories,
    products: demoProducts,
    reviewers,
    reviews: demoReviews(),
  },
  {
    store: 'acme',
    vendors: [
      {
        slug: 'bergfuchs-outdoor',
        name: 'Bergfuchs Outdoor',
        sku: 'BF',
        description: 'Ausrüstung für Wanderungen, Hüttentouren und lange Tage draußen, getestet in den Alpen.',
      },
    ],
    categories: acmeCategories,
    products: acmeProducts,
    reviewers: [],
    reviews: [],
  },
  {
    store: 'mumbai',
    vendors: [
      {
        slug: 'kala-handloom',
        name: 'Kala Handloom Co.',
        sku: 'KH',
        description: 'Handloom textiles, teas and crafts sourced directly from artisan clusters across India.',
      },
    ],
    categories: mumbaiCategories,
    products: mumbaiProducts,
    reviewers: [],
    reviews: [],
  },
];
