import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { OWNER, STAFF, VENDOR_ID, problem, stubFetch, vendor } from './fixtures';
import { ProductDetail } from './ProductDetail';
import { VendorDetail } from './VendorDetail';
import { parsePercent, vendorChanges, vendorValues } from './vendorForm';
import type { AdminProduct } from './types';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }),
  usePathname: () => '/admin/vendors/x',
  useSearchParams: () => new URLSearchParams(),
}));

afterEach(() => vi.unstubAllGlobals());

const PRODUCT_ID = '01a24a20-f3bd-7740-afb2-c791ce53730e';

function product(patch: Partial<AdminProduct> = {}): AdminProduct {
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  return {
    id: PRODUCT_ID,
    slug: 'ash-board',
    title: 'Ash Serving Board',
    description: 'Oiled by hand.',
    status: 'pending_review',
    statusReason: null,
    featured: false,
    listed: false,
    categoryId: null,
    vendor: { id: VENDOR_ID, slug: 'paper-studio', name: 'Paper Studio', status: 'approved' },
    currency: 'USD',
    options: [{ name: 'Size', values: ['Small'] }],
    translations: {},
    variants: [
      {
        id: '01a24a20-f3bd-7740-afb2-c791ce537300',
        sku: 'ASH-S',
        options: { Size: 'Small' },
        price: usd(2400),
        compareAtPrice: null,
        stock: 5,
        reserved: 1,
        available: 4,
        weight: 900,
        active: true,
        position: 0,
        version: 1,
      },
    ],
    images: [],
    primaryImageId: null,
    priceRange: { min: usd(2400), max: usd(2400) },
    inStock: true,
    submittedAt: '2026-12-01T10:00:00.000Z',
    publishedAt: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    version: 3,
    ...patch,
  };
}

function renderAs(me: Me, ui: ReactElement) {
  renderWithStore(<ConsoleValueProvider me={me}>{ui}</ConsoleValueProvider>);
  return userEvent.setup();
}

describe('vendor moderation', () => {
  it('rejects an application only with a reason, and sends that reason', async () => {
    const { requests } = stubFetch(
      Response.json(vendor()),
      Response.json(vendor({ status: 'rejected', statusReason: 'No photos of the work.', version: 2 })),
    );
    const user = renderAs(OWNER, <VendorDetail id={VENDOR_ID} />);
    await screen.findByRole('heading', { level: 1, name: 'Paper Studio' });

    await user.click(screen.getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject the application of Paper Studio?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    const reason = within(dialog).getByLabelText('Reason (shown to the vendor)');
    expect(within(dialog).getByText('This field is required.')).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(requests).toHaveLength(1);

    await user.type(reason, 'No photos of the work.');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await screen.findByText('Application rejected.');
    expect(requests[1]?.method).toBe('POST');
    expect(new URL(requests[1]!.url).pathname).toBe(`/api/v1/admin/vendors/${VENDOR_ID}/reject`);
    expect(await requests[1]?.json()).toEqual({ reason: 'No photos of the work.' });
    expect(screen.getByText('No photos of the work.')).toBeTruthy();
    // A rejected application can still be approved; it can no longer be rejected.
    expect(screen.getByRole('button', { name: 'Approve' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    // The Reject button that opened the dialog is gone: focus goes to what happened, not to <body>.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Application rejected.')));
  });

  it('moves focus to the announcement when suspending swaps the button for Reinstate', async () => {
    stubFetch(
      Response.json(vendor({ status: 'approved' })),
      Response.json(vendor({ status: 'suspended', statusReason: 'Late shipments.', version: 2 })),
    );
    const user = renderAs(OWNER, <VendorDetail id={VENDOR_ID} />);
    await user.click(await screen.findByRole('button', { name: 'Suspend' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Reason (shown to the vendor)'), 'Late shipments.');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    await screen.findByRole('button', { name: 'Reinstate' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Vendor suspended.')));
  });

  it('shows a refused transition in the dialog', async () => {
    stubFetch(Response.json(vendor()), problem(409, 'invalid_transition', 'This vendor is already approved.'));
    const user = renderAs(OWNER, <VendorDetail id={VENDOR_ID} />);
    await screen.findByRole('heading', { level: 1, name: 'Paper Studio' });
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await within(dialog).findByText('This vendor is already approved.');
  });

  it('saves the commission rate with If-Match and offers to reload after a 412', async () => {
    const { requests } = stubFetch(
      Response.json(vendor({ status: 'approved' })),
      problem(412, 'precondition_failed', 'Changed.'),
    );
    const user = renderAs(OWNER, <VendorDetail id={VENDOR_ID} />);
    const rate = await screen.findByLabelText('Commission rate (%)');
    await user.type(rate, '12,5');
    await user.click(screen.getByRole('button', { name: 'Save vendor' }));
    await screen.findByRole('button', { name: 'Load the latest version' });
    expect(requests[1]?.method).toBe('PATCH');
    expect(requests[1]?.headers.get('If-Match')).toBe('"1"');
    expect(await requests[1]?.json()).toEqual({ commissionRateBps: 1250 });
  });

  it('hides the commission rate from staff without settings:manage', async () => {
    stubFetch(Response.json(vendor({ status: 'approved' })));
    renderAs(STAFF, <VendorDetail id={VENDOR_ID} />);
    await screen.findByLabelText('Shop name');
    expect(screen.queryByLabelText('Commission rate (%)')).toBeNull();
    expect(screen.getByRole('button', { name: 'Suspend' })).toBeTruthy();
  });
});

describe('product moderation', () => {
  it('rejects a product only with a reason', async () => {
    const { requests } = stubFetch(
      Response.json(product()),
      Response.json(product({ status: 'rejected', statusReason: 'Blurry photos.', version: 4 })),
    );
    const user = renderAs(STAFF, <ProductDetail id={PRODUCT_ID} />);
    await screen.findByRole('heading', { level: 1, name: 'Ash Serving Board' });
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(within(dialog).getByText('This field is required.')).toBeTruthy();
    expect(requests).toHaveLength(1);
    await user.type(within(dialog).getByLabelText('Reason (shown to the vendor)'), 'Blurry photos.');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await screen.findByText('Product rejected.');
    expect(await requests[1]?.json()).toEqual({ reason: 'Blurry photos.' });
    expect(screen.getByText('Blurry photos.')).toBeTruthy();
    // Approve and Reject are gone with the review: focus goes to the announcement.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Product rejected.')));
  });

  it('features with the If-Match of the loaded version, and shows the variants', async () => {
    const { requests } = stubFetch(
      Response.json(product({ status: 'active' })),
      Response.json(product({ status: 'active', featured: true, version: 4 })),
    );
    const user = renderAs(STAFF, <ProductDetail id={PRODUCT_ID} />);
    await screen.findByRole('heading', { level: 1, name: 'Ash Serving Board' });
    expect(screen.getByRole('cell', { name: 'ASH-S' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Feature' }));
    await screen.findByText('The product is featured.');
    expect(requests[1]?.headers.get('If-Match')).toBe('"3"');
    expect(await requests[1]?.json()).toEqual({ featured: true });
    expect(screen.getByRole('button', { name: 'Stop featuring' })).toBeTruthy();
  });

  it('tells an account without products:approve that it cannot open the page', () => {
    stubFetch();
    renderAs({ ...STAFF, permissions: ['orders:read:any'] }, <ProductDetail id={PRODUCT_ID} />);
    expect(screen.getByRole('heading', { level: 1, name: 'You cannot open this page' })).toBeTruthy();
  });
});

describe('vendorChanges', () => {
  it('sends only what changed, and the rate only when allowed', () => {
    const v = vendor();
    const values = vendorValues(v);
    expect(vendorChanges(v, values, true)).toEqual({ body: {}, errors: {} });
    expect(vendorChanges(v, { ...values, name: ' New name ', commission: '7.25' }, true).body).toEqual({
      name: 'New name',
      commissionRateBps: 725,
    });
    expect(vendorChanges(v, { ...values, commission: '7.25' }, false).body).toEqual({});
    expect(vendorChanges(vendor({ commissionRateBps: 900 }), { ...values, commission: '' }, true).body).toEqual({
      commissionRateBps: null,
    });
    expect(vendorChanges(v, { ...values, name: '', logoUrl: 'ftp://x', commission: '101' }, true).errors).toEqual({
      name: 'required',
      logoUrl: 'invalidUrl',
      commission: 'invalidRate',
    });
  });

  it('reads rates as percentages', () => {
    expect(parsePercent('12.5')).toBe(1250);
    expect(parsePercent('12,5 %')).toBe(1250);
    expect(parsePercent('0')).toBe(0);
    expect(parsePercent('100')).toBe(10_000);
    expect(parsePercent('100.01')).toBeNull();
    expect(parsePercent('1.234')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
  });
});

describe('in German', () => {
  it('names the actions in the page language', async () => {
    stubFetch(Response.json(vendor()));
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <VendorDetail id={VENDOR_ID} />
      </ConsoleValueProvider>,
      { locale: 'de' },
    );
    await screen.findByRole('heading', { level: 1, name: 'Paper Studio' });
    expect(screen.getByRole('button', { name: 'Freigeben' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ablehnen' })).toBeTruthy();
    expect(screen.getByText('Wartet auf Prüfung')).toBeTruthy();
  });
});

describe('loading', () => {
  it('loads nothing for a bad id without crashing', async () => {
    stubFetch(problem(404, 'not_found', 'No such vendor.'));
    renderAs(OWNER, <VendorDetail id={VENDOR_ID} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('This record no longer exists.'));
  });
});
