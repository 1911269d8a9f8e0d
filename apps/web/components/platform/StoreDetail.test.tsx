import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { StoreDetail } from './StoreDetail';
import type { Tenant } from './storeForm';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }),
  usePathname: () => '/platform/stores/x',
  useSearchParams: () => new URLSearchParams(),
}));

afterEach(() => vi.unstubAllGlobals());

const tenant: Tenant = {
  id: '01a24a11-9a72-7013-b122-257d765ff771',
  slug: 'gamma',
  name: 'Gamma Goods',
  status: 'active',
  defaultCurrency: 'EUR',
  defaultLocale: 'en',
  locales: ['en', 'de'],
  domains: ['gamma.example.com'],
  version: 7,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

function stubFetch(...responses: Response[]) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input.clone());
      const next = responses.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    }),
  );
  return requests;
}

describe('StoreDetail', () => {
  it('keeps focus in the page when suspending swaps the button for Reactivate, and back', async () => {
    const requests = stubFetch(
      Response.json(tenant),
      Response.json({ ...tenant, status: 'suspended', version: 8 }),
      Response.json({ ...tenant, status: 'active', version: 9 }),
    );
    const user = userEvent.setup();
    renderWithStore(<StoreDetail id={tenant.id} />);
    const suspend = await screen.findByRole('button', { name: 'Suspend store' });
    // Loading the store does not move focus.
    expect(document.activeElement).toBe(document.body);

    await user.click(suspend);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Suspend' }));
    await screen.findByRole('button', { name: 'Reactivate store' });
    expect(await requests[1]?.json()).toEqual({ status: 'suspended' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('The store is suspended.')));

    await user.click(screen.getByRole('button', { name: 'Reactivate store' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reactivate' }));
    await screen.findByRole('button', { name: 'Suspend store' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('The store is active again.')));
    expect(requests[2]?.headers.get('If-Match')).toBe('"8"');
  });
});
