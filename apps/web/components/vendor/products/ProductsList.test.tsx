import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useSyncExternalStore } from 'react';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { ProductsList } from './ProductsList';

/** The address's query, changed by the list (`router.replace`) or by the test (the back button). */
const address = vi.hoisted(() => {
  let search = '';
  const listeners = new Set<() => void>();
  return {
    get: () => search,
    set: (next: string) => {
      search = next;
      for (const l of listeners) l();
    },
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
});
const router = { replace: vi.fn(), push: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() };
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  useSearchParams: () => {
    const search = useSyncExternalStore(address.subscribe, address.get);
    return useMemo(() => new URLSearchParams(search), [search]);
  },
  usePathname: () => '/vendor/products',
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

const empty = () =>
  new Response(JSON.stringify({ data: [], links: { next: null, prev: null }, meta: { total: 0 } }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

const queries = () => router.replace.mock.calls.map(([url]) => String(url));

beforeEach(() => {
  address.set('');
  router.replace.mockReset();
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => empty()),
  );
});

function renderList() {
  return renderWithStore(
    <ConsoleValueProvider me={me}>
      <ProductsList />
    </ConsoleValueProvider>,
  );
}

describe('ProductsList search', () => {
  it('shows the address’s search after the back button, and does not put the old one back', async () => {
    address.set('q=teapot');
    renderList();
    const box = screen.getByLabelText<HTMLInputElement>('Search products');
    expect(box.value).toBe('teapot');

    act(() => address.set('q=vase'));
    expect(box.value).toBe('vase');
    act(() => address.set(''));
    expect(box.value).toBe('');
    await new Promise((r) => setTimeout(r, 400));
    expect(queries()).toEqual([]);
  });

  it('keeps what is typed while its own search is on the way to the address', async () => {
    renderList();
    const user = userEvent.setup();
    const box = screen.getByLabelText<HTMLInputElement>('Search products');
    await user.type(box, 'linen');
    await waitFor(() => expect(queries()).toEqual(['/vendor/products?q=linen']));
    await user.type(box, ' nap');
    // The first search reaches the address only now: the typing stays, and is searched in turn.
    act(() => address.set('q=linen'));
    expect(box.value).toBe('linen nap');
    await waitFor(() => expect(queries().at(-1)).toBe('/vendor/products?q=linen+nap'));
    act(() => address.set('q=linen+nap'));
    expect(box.value).toBe('linen nap');
  });
});
