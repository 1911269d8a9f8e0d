import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import { OWNER, STAFF } from '../orders/fixtures';
import { PayoutsPage } from './PayoutsPage';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }),
  usePathname: () => '/admin/payouts',
  useSearchParams: () => new URLSearchParams(),
}));

afterEach(() => vi.unstubAllGlobals());

const VENDOR = '01a24a11-9aeb-70d9-812f-bdeb8191a514';
const page = <T,>(data: T[]) => ({
  data,
  meta: { limit: 20, cursor: null },
  links: { self: '/x', next: null, prev: null },
});
const payout = {
  id: '01a24a11-c000-7000-8000-000000000001',
  vendorId: VENDOR,
  vendorName: 'Second Shelf',
  amount: { amount: 2004, currency: 'USD' },
  status: 'paid',
  reference: 'TRF-1',
  entryCount: 6,
  createdAt: '2026-12-06T06:53:00.000Z',
};

function stubApi() {
  const posts: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const path = new URL(input.url).pathname;
      if (input.method === 'POST') {
        posts.push(input.clone());
        return Response.json({ data: [payout] }, { status: 201 });
      }
      if (path === '/api/v1/admin/vendors') return Response.json(page([{ id: VENDOR, name: 'Second Shelf' }]));
      if (path === '/api/v1/admin/payouts') return Response.json(page(posts.length ? [payout] : []));
      return Response.json({}, { status: 404 });
    }),
  );
  return posts;
}

describe('PayoutsPage', () => {
  it('is closed to accounts without payouts:manage', () => {
    stubApi();
    renderWithStore(
      <ConsoleValueProvider me={STAFF}>
        <PayoutsPage />
      </ConsoleValueProvider>,
    );
    expect(screen.getByRole('alert').textContent).toBe('Your account may not manage payouts.');
    expect(screen.queryByRole('button', { name: 'Pay out balances' })).toBeNull();
  });

  it('asks for the vendor, confirms, pays once with an Idempotency-Key and shows the payouts made', async () => {
    const posts = stubApi();
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <PayoutsPage />
      </ConsoleValueProvider>,
    );
    const user = userEvent.setup();
    expect(await screen.findByText('No payouts yet.')).toBeTruthy();
    await user.click(screen.getByLabelText('One vendor'));
    await user.click(screen.getByRole('button', { name: 'Pay out balances' }));
    expect(screen.getByText('Choose the vendor to pay.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();

    const select = screen.getByLabelText('Vendor to pay');
    await within(select).findByRole('option', { name: 'Second Shelf' });
    await user.selectOptions(select, VENDOR);
    await user.type(screen.getByLabelText('Reference (optional)'), 'TRF-1');
    await user.click(screen.getByRole('button', { name: 'Pay out balances' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Second Shelf is paid its unpaid balance now, if it is above zero.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Pay out' }));

    expect(await screen.findByText('1 payout made, $20.04 in all.')).toBeTruthy();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(await posts[0]?.json()).toEqual({ vendorId: VENDOR, reference: 'TRF-1' });
    await waitFor(() => expect(screen.getAllByText('TRF-1').length).toBeGreaterThanOrEqual(2));
  });
});
