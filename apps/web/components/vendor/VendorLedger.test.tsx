import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithStore } from '../../test/render';
import { ConsoleValueProvider } from '../console/ConsoleProvider';
import type { Me } from '../console/ConsoleProvider';
import type { Balance, LedgerEntry, VendorProfile } from './types';
import { VendorLedger } from './VendorLedger';

const router = { push: vi.fn(), replace: vi.fn() };
const search = new URLSearchParams();
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  useSearchParams: () => search,
  usePathname: () => '/vendor/ledger',
}));

const me: Me = {
  id: '01a24964-e6bf-77ed-b077-fac7e2330b6b',
  email: 'vera@example.test',
  emailVerified: true,
  name: 'Vera',
  phone: null,
  locale: 'de',
  roles: ['vendor', 'customer'],
  permissions: ['orders:read:own', 'products:write:own', 'profile:manage'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const profile: VendorProfile = {
  id: '01a24964-0000-7000-8000-000000000001',
  slug: 'demo-crafts',
  name: 'Demo Crafts',
  description: '',
  logoUrl: null,
  status: 'approved',
  statusReason: null,
  commissionRateBps: 1000,
  contact: null,
  approvedAt: '2026-12-02T00:00:00.000Z',
  createdAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const balance: Balance = {
  vendorId: profile.id,
  currency: 'EUR',
  balance: eur(900),
  pending: eur(900),
  paidOut: eur(1800),
  lastPayoutAt: '2026-12-03T00:00:00.000Z',
  entries: [],
};
const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  id: '01a24964-0000-7000-8000-0000000000a1',
  kind: 'sale',
  amount: eur(1000),
  orderId: null,
  orderNumber: null,
  subOrderId: null,
  refundId: null,
  payoutId: null,
  description: '',
  createdAt: '2026-12-04T10:00:00.000Z',
  ...over,
});
const entries: LedgerEntry[] = [
  entry({
    orderId: '01a24964-0000-7000-8000-0000000000b1',
    orderNumber: 'ACME-000042',
    subOrderId: '01a24964-0000-7000-8000-0000000000c1',
    description: 'Sale, order ACME-000042',
  }),
  entry({
    id: '01a24964-0000-7000-8000-0000000000a2',
    kind: 'payout',
    amount: eur(-1800),
    payoutId: '01a24964-0000-7000-8000-0000000000d1',
    description: 'Payout TRF-7',
  }),
];

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const path = new URL(input.url).pathname;
      if (path === '/api/v1/vendor/profile') return Response.json(profile);
      if (path === '/api/v1/vendor/balance') return Response.json(balance);
      if (path === '/api/v1/vendor/ledger') {
        return Response.json({
          data: entries,
          meta: { limit: 50, cursor: null },
          links: { self: '/x', next: null, prev: null },
        });
      }
      throw new Error(`unexpected request ${path}`);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('VendorLedger', () => {
  it('names an entry’s order by its number in the page’s language, linked to the vendor’s part', async () => {
    renderWithStore(
      <ConsoleValueProvider me={me}>
        <VendorLedger />
      </ConsoleValueProvider>,
      { locale: 'de' },
    );
    const link = await screen.findByRole('link', { name: 'Bestellung ACME-000042' });
    expect(link.getAttribute('href')).toBe('/vendor/orders/01a24964-0000-7000-8000-0000000000c1');
    // A payout has no order: its own words carry the transfer's reference.
    const payoutRow = screen.getByRole('row', { name: /TRF-7/ });
    expect(within(payoutRow).queryByRole('link')).toBeNull();
    expect(screen.queryByText('Sale, order ACME-000042')).toBeNull();
  });
});
