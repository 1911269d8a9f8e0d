import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { ProductEditor } from './ProductEditor';
import type { Product, ProductImage } from './types';

const router = { replace: vi.fn(), push: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() };
let search = '';
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  useSearchParams: () => new URLSearchParams(search),
  usePathname: () => '/vendor/products/new',
}));

const me: Me = {
  id: '01a24a11-9ac2-75f9-86d1-f9585ab5a271',
  email: 'vendor@demo.test',
  emailVerified: true,
  name: 'Vera Vendor',
  phone: null,
  locale: 'en',
  roles: ['vendor', 'customer'],
  permissions: ['orders:read:own', 'products:write:own', 'reviews:write', 'profile:manage'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  version: 1,
};

const KITCHEN = '01a24a11-9aee-721d-99fc-845a15407edb';
const categories = {
  data: [
    {
      id: '01a24a11-9aed-73f7-addd-d59228d6c863',
      slug: 'home',
      name: 'Home',
      description: '',
      parentId: null,
      position: 0,
      productCount: 3,
      children: [
        {
          id: KITCHEN,
          slug: 'kitchen',
          name: 'Kitchen',
          description: '',
          parentId: '01a24a11-9aed-73f7-addd-d59228d6c863',
          position: 0,
          productCount: 3,
          children: [],
        },
      ],
    },
  ],
};

const PRODUCT_ID = '01a24a1e-d0fc-7051-ba53-51b809a289d7';
const money = (amount: number) => ({ amount, currency: 'USD' });
const product: Product = {
  id: PRODUCT_ID,
  slug: 'linen-napkin',
  title: 'Linen napkin',
  description: 'Stonewashed.',
  status: 'draft',
  statusReason: null,
  featured: false,
  listed: false,
  categoryId: KITCHEN,
  vendor: { id: '01a24a11-9ae0-77f6-8e04-e6a0eff0c5c8', slug: 'demo-crafts', name: 'Demo Crafts', status: 'approved' },
  currency: 'USD',
  options: [{ name: 'Colour', values: ['Sage', 'Sand'] }],
  translations: {},
  variants: ['Sage', 'Sand'].map((c, i) => ({
    id: `01a24a1e-d0fc-7051-ba53-51b809a28a0${i}`,
    sku: `NAP-${c.toUpperCase()}`,
    options: { Colour: c },
    price: money(1250),
    compareAtPrice: null,
    stock: 7,
    reserved: 0,
    available: 7,
    weight: null,
    active: true,
    position: i,
    version: 1,
  })),
  images: [],
  primaryImageId: null,
  priceRange: { min: money(1250), max: money(1250) },
  inStock: true,
  submittedAt: null,
  publishedAt: null,
  createdAt: '2026-12-06T06:51:00.000Z',
  updatedAt: '2026-12-06T06:51:00.000Z',
  version: 4,
};

const image = (n: number): ProductImage => ({
  id: `01a24a1e-d0fc-7051-ba53-51b809a28b0${n}`,
  url: `/api/v1/media/t/products/p/${n}.webp`,
  thumbnailUrl: `/api/v1/media/t/products/p/${n}-thumb.webp`,
  alt: `Photo ${n}`,
  width: 640,
  height: 640,
  bytes: 8000,
  contentType: 'image/webp',
  position: n - 1,
  primary: n === 1,
  version: 1,
  createdAt: '2026-12-06T06:51:00.000Z',
});
const withImages: Product = { ...product, images: [image(1), image(2)], primaryImageId: image(1).id };
/** The product after image 1 moved down: new image order and a new product version. */
const moved: Product = {
  ...withImages,
  images: [
    { ...image(2), position: 0, primary: true },
    { ...image(1), position: 1, primary: false, version: 2 },
  ],
  primaryImageId: image(2).id,
  version: 5,
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) =>
  json(status, {
    type: `/problems/${code}`,
    title: code,
    status,
    detail,
    instance: '/x',
    code,
    requestId: 'r1',
    ...extra,
  });

type Handler = (request: Request) => Response;

/** Answers requests by `METHOD /path`; anything else fails the test. */
function stubApi(routes: Record<string, Handler | Handler[]>) {
  const sent: Array<{ key: string; request: Request }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      sent.push({ key, request: request.clone() });
      const route = routes[key];
      const handler = Array.isArray(route) ? route.shift() : route;
      if (!handler) throw new Error(`unexpected ${key}`);
      return handler(request);
    }),
  );
  return sent;
}

function renderEditor(productId?: string) {
  return renderWithStore(
    <ConsoleValueProvider me={me}>
      <ProductEditor productId={productId} />
    </ConsoleValueProvider>,
  );
}

/** The text of the element that describes `input` (its error message). */
const description = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

beforeEach(() => {
  search = '';
  router.replace.mockReset();
});

describe('ProductEditor (new product)', () => {
  it('turns the options into variants: Colour with Sage and Sand makes two rows', async () => {
    stubApi({ 'GET /api/v1/categories': () => json(200, categories) });
    renderEditor();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add option' }));
    await user.type(screen.getByLabelText('Option 1 name'), 'Colour');
    await user.type(screen.getByLabelText('Add value to option 1'), 'Sage{Enter}Sand{Enter}');
    expect(screen.getByLabelText('Sage: SKU')).toBeTruthy();
    expect(screen.getByLabelText('Sand: SKU')).toBeTruthy();
    expect(screen.queryByLabelText('Default: SKU')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remove Sand' }));
    expect(screen.queryByLabelText('Sand: SKU')).toBeNull();
  });

  it('checks the form before sending: missing title, bad price and duplicate SKU, with a summary', async () => {
    const sent = stubApi({ 'GET /api/v1/categories': () => json(200, categories) });
    renderEditor();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add option' }));
    await user.type(screen.getByLabelText('Option 1 name'), 'Size');
    await user.type(screen.getByLabelText('Add value to option 1'), 'S, M{Enter}');
    await user.type(screen.getByLabelText('S: SKU'), 'NAP-1');
    await user.type(screen.getByLabelText('M: SKU'), 'NAP-1');
    await user.type(screen.getByLabelText('S: Price'), '12.345');
    await user.type(screen.getByLabelText('M: Price'), '4');
    await user.click(screen.getByRole('button', { name: 'Save product' }));

    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('Fix the fields marked below.');
    expect(within(summary).getByRole('link', { name: 'Title: This field is required.' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(summary));

    const title = screen.getByLabelText('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(description(title)).toBe('This field is required.');
    expect(description(screen.getByLabelText('S: Price'))).toBe('Enter an amount such as 12.50.');
    expect(description(screen.getByLabelText('M: SKU'))).toBe('Another variant has this SKU.');
    expect(screen.getByLabelText('M: Price').getAttribute('aria-invalid')).toBeNull();
    expect(sent.filter((s) => s.key.startsWith('POST'))).toHaveLength(0);

    // Fixing a field takes its message away.
    await user.type(title, 'Linen napkin');
    expect(title.getAttribute('aria-invalid')).toBeNull();
  });

  it('puts the API’s field errors next to their fields, and opens the new product after creating it', async () => {
    const sent = stubApi({
      'GET /api/v1/categories': () => json(200, categories),
      'POST /api/v1/vendor/products': [
        () =>
          problem(400, 'validation_failed', 'The request is not valid.', {
            errors: [{ path: '/body/variants/0/price/amount', message: 'must be <= 2147483647' }],
          }),
        () => problem(409, 'sku_taken', 'These SKUs are already used in the store: NAP-1.', { skus: ['NAP-1'] }),
        () => json(201, { ...product, id: '01a24a1f-0000-7000-8000-000000000001' }),
      ],
    });
    renderEditor();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Title'), 'Linen napkin');
    await waitFor(() => expect(screen.getByRole('option', { name: /Kitchen/ })).toBeTruthy());
    await user.selectOptions(screen.getByLabelText('Category'), KITCHEN);
    await user.type(screen.getByLabelText('Default: SKU'), 'NAP-1');
    await user.type(screen.getByLabelText('Default: Price'), '12.50');
    await user.click(screen.getByRole('button', { name: 'Save product' }));

    const price = screen.getByLabelText('Default: Price');
    await waitFor(() => expect(description(price)).toBe('must be <= 2147483647'));
    expect(price.getAttribute('aria-invalid')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'Save product' }));
    const sku = screen.getByLabelText('Default: SKU');
    await waitFor(() => expect(description(sku)).toBe('This SKU is already used in the store.'));

    await user.clear(sku);
    await user.type(sku, 'NAP-2');
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() =>
      expect(router.replace).toHaveBeenCalledWith('/vendor/products/01a24a1f-0000-7000-8000-000000000001?created=1'),
    );
    const created = sent.filter((s) => s.key === 'POST /api/v1/vendor/products').at(-1);
    expect(await created?.request.json()).toEqual({
      title: 'Linen napkin',
      description: '',
      categoryId: KITCHEN,
      variants: [{ sku: 'NAP-2', price: { amount: 1250, currency: 'USD' }, stock: 0 }],
    });
  });
});

describe('ProductEditor (saved product)', () => {
  it('saves with If-Match, and on 412 says someone else changed it and reloads their version', async () => {
    const theirs = { ...product, title: 'Linen napkin (theirs)', version: 5 };
    const sent = stubApi({
      'GET /api/v1/categories': () => json(200, categories),
      [`GET /api/v1/vendor/products/${PRODUCT_ID}`]: [() => json(200, product), () => json(200, theirs)],
      [`PATCH /api/v1/vendor/products/${PRODUCT_ID}`]: () =>
        problem(412, 'version_conflict', 'The record was changed by someone else.'),
    });
    renderEditor(PRODUCT_ID);
    const user = userEvent.setup();
    const title = await screen.findByLabelText('Title');
    expect(screen.getByRole('heading', { level: 1, name: 'Linen napkin' })).toBeTruthy();
    expect(screen.getByText('Draft')).toBeTruthy();
    await user.clear(title);
    await user.type(title, 'Linen napkin, large');
    await user.click(screen.getByRole('button', { name: 'Save product' }));

    const reload = await screen.findByRole('button', { name: 'Load the latest version' });
    expect(screen.getByText(/Someone else changed this record/)).toBeTruthy();
    const patch = sent.find((s) => s.key.startsWith('PATCH'));
    expect(patch?.request.headers.get('If-Match')).toBe('"4"');
    expect(await patch?.request.json()).toMatchObject({ title: 'Linen napkin, large', options: product.options });

    await user.click(reload);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('Linen napkin (theirs)'));
    expect(screen.queryByRole('button', { name: 'Load the latest version' })).toBeNull();
  });

  it('keeps the edits after an image change that is the only change, and saves with the new version', async () => {
    // A sale took 2 units of Sage meanwhile (no new version): the form follows it, and saving does not undo it.
    const sold = {
      ...moved,
      variants: moved.variants.map((v, i) => (i === 0 ? { ...v, stock: 5, available: 5 } : v)),
    };
    const sent = stubApi({
      'GET /api/v1/categories': () => json(200, categories),
      [`GET /api/v1/vendor/products/${PRODUCT_ID}`]: [() => json(200, withImages), () => json(200, sold)],
      [`PATCH /api/v1/vendor/products/${PRODUCT_ID}/images/${image(1).id}`]: () =>
        json(200, { ...image(1), position: 1, version: 2 }),
      [`PATCH /api/v1/vendor/products/${PRODUCT_ID}`]: () =>
        json(200, { ...sold, title: 'Linen napkin, large', version: 6 }),
    });
    renderEditor(PRODUCT_ID);
    const user = userEvent.setup();
    const title = await screen.findByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Linen napkin, large');
    const sandStock = screen.getByLabelText('Sand: Stock');
    await user.clear(sandStock);
    await user.type(sandStock, '9');

    await user.click(screen.getByRole('button', { name: 'Move down (image 1)' }));
    await waitFor(() => expect(sent.filter((s) => s.key.startsWith('GET /api/v1/vendor/products/'))).toHaveLength(2));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Sage: Stock').value).toBe('5'));
    expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('Linen napkin, large');
    expect(screen.getByLabelText<HTMLInputElement>('Sand: Stock').value).toBe('9');
    expect(screen.queryByRole('button', { name: 'Load the latest version' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() => expect(screen.getByText('Changes saved.')).toBeTruthy());
    const patch = sent.find((s) => s.key === `PATCH /api/v1/vendor/products/${PRODUCT_ID}`);
    expect(patch?.request.headers.get('If-Match')).toBe('"5"');
    const body = (await patch?.request.json()) as { title: string; variants: Array<Record<string, unknown>> };
    expect(body.title).toBe('Linen napkin, large');
    // Only the stock the vendor changed is sent.
    expect('stock' in body.variants[0]!).toBe(false);
    expect(body.variants[1]).toMatchObject({ sku: 'NAP-SAND', stock: 9 });
  });

  it('says so when someone else changed the product before an image change, and keeps the old version', async () => {
    const theirs: Product = { ...moved, title: 'Linen napkin (theirs)', description: 'Their words.', version: 6 };
    const sent = stubApi({
      'GET /api/v1/categories': () => json(200, categories),
      [`GET /api/v1/vendor/products/${PRODUCT_ID}`]: [
        () => json(200, withImages),
        () => json(200, theirs),
        () => json(200, theirs),
      ],
      [`PATCH /api/v1/vendor/products/${PRODUCT_ID}/images/${image(1).id}`]: () =>
        json(200, { ...image(1), position: 1, version: 2 }),
      [`PATCH /api/v1/vendor/products/${PRODUCT_ID}`]: () =>
        problem(412, 'version_conflict', 'The record was changed by someone else.'),
    });
    renderEditor(PRODUCT_ID);
    const user = userEvent.setup();
    const title = await screen.findByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Linen napkin, large');

    await user.click(screen.getByRole('button', { name: 'Move down (image 1)' }));
    const reload = await screen.findByRole('button', { name: 'Load the latest version' });
    expect(screen.getByText(/Someone else changed this record/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('Linen napkin, large');

    // Saving anyway sends the version the form was loaded from, so the API refuses it.
    await user.click(screen.getByRole('button', { name: 'Save product' }));
    await waitFor(() => expect(sent.some((s) => s.key === `PATCH /api/v1/vendor/products/${PRODUCT_ID}`)).toBe(true));
    const patch = sent.find((s) => s.key === `PATCH /api/v1/vendor/products/${PRODUCT_ID}`);
    expect(patch?.request.headers.get('If-Match')).toBe('"4"');
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'Load the latest version' })).toHaveLength(1));

    await user.click(reload);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Title').value).toBe('Linen napkin (theirs)'));
    expect(screen.getByLabelText<HTMLInputElement>('Description').value).toBe('Their words.');
    expect(screen.queryByRole('button', { name: 'Load the latest version' })).toBeNull();
  });

  it('shows a rejected product’s reason and submits it for review', async () => {
    const rejected = { ...product, status: 'rejected' as const, statusReason: 'Please add real photos.' };
    stubApi({
      'GET /api/v1/categories': () => json(200, categories),
      [`GET /api/v1/vendor/products/${PRODUCT_ID}`]: () => json(200, rejected),
      [`POST /api/v1/vendor/products/${PRODUCT_ID}/submit`]: () =>
        json(200, { ...product, status: 'pending_review', submittedAt: '2026-12-06T07:00:00.000Z', version: 5 }),
    });
    renderEditor(PRODUCT_ID);
    const user = userEvent.setup();
    expect(await screen.findByText('Please add real photos.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'A moderator rejected this product' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Submit for review' }));
    expect(await screen.findByText('Pending review')).toBeTruthy();
    expect(screen.getByText('Submitted for review.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Submit for review' })).toBeNull();
  });
});
