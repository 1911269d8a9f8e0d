import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useSyncExternalStore } from 'react';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import { OWNER, vendor } from './fixtures';
import { VendorList } from './VendorList';

/** The address's query: `router.replace` navigates, as the App Router would. */
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
const router = vi.hoisted(() => ({ replace: vi.fn(), push: vi.fn(), refresh: vi.fn(), prefetch: vi.fn() }));
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  useSearchParams: () => {
    const search = useSyncExternalStore(address.subscribe, address.get);
    return useMemo(() => new URLSearchParams(search), [search]);
  },
  usePathname: () => '/admin/vendors',
}));

/** The queries of the vendors list's requests, in order. */
let listed: URLSearchParams[] = [];

beforeEach(() => {
  address.set('');
  listed = [];
  router.replace.mockReset();
  router.replace.mockImplementation((url: string) => address.set(new URL(url, 'http://web.test').search.slice(1)));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const url = new URL(input.url);
      const data = url.pathname === '/api/v1/admin/vendors' ? [vendor()] : [];
      if (url.pathname === '/api/v1/admin/vendors') listed.push(url.searchParams);
      return Response.json({ data, meta: { limit: 20, cursor: null }, links: { self: '/x', next: null, prev: null } });
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

function renderList() {
  renderWithStore(
    <ConsoleValueProvider me={OWNER}>
      <VendorList />
    </ConsoleValueProvider>,
  );
  return userEvent.setup();
}

const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });
const sortOf = (name: string) => header(name).getAttribute('aria-sort');
const sorts = () => ({ name: sortOf('Vendor'), applied: sortOf('Applied') });

describe('VendorList sorting', () => {
  it('is oldest first until a header is clicked, then sends the header’s sort and marks it', async () => {
    const user = renderList();
    await screen.findByRole('link', { name: vendor().name });
    expect(listed.at(-1)?.has('sort')).toBe(false);
    expect(listed.at(-1)?.get('status')).toBe('pending');
    expect(sorts()).toEqual({ name: 'none', applied: 'ascending' });
    expect(screen.getByRole('columnheader', { name: 'Status' }).hasAttribute('aria-sort')).toBe(false);

    await user.click(screen.getByRole('button', { name: /^Vendor/ }));
    expect(router.replace).toHaveBeenLastCalledWith('/admin/vendors?sort=name', { scroll: false });
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('name'));
    expect(sorts()).toEqual({ name: 'ascending', applied: 'none' });

    await user.click(screen.getByRole('button', { name: /^Vendor/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-name'));
    expect(sorts()).toEqual({ name: 'descending', applied: 'none' });

    await user.click(screen.getByRole('button', { name: /^Applied/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('createdAt'));
    expect(sorts()).toEqual({ name: 'none', applied: 'ascending' });

    await user.click(screen.getByRole('button', { name: /^Applied/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-createdAt'));
    expect(sorts()).toEqual({ name: 'none', applied: 'descending' });
  });

  it('keeps the view and the search, and starts again from the first page, when the sort changes', async () => {
    address.set('status=approved&q=leaf&cursor=abc');
    const user = renderList();
    await waitFor(() => expect(listed.at(-1)?.get('cursor')).toBe('abc'));
    await user.click(screen.getByRole('button', { name: /^Vendor/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('name'));
    const query = listed.at(-1)!;
    expect(query.get('status')).toBe('approved');
    expect(query.get('q')).toBe('leaf');
    expect(query.has('cursor')).toBe(false);
  });

  it('reads the sort from the address, and ignores one the API does not know', async () => {
    address.set('sort=-name');
    renderList();
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-name'));
    expect(sorts()).toEqual({ name: 'descending', applied: 'none' });

    address.set('sort=commission');
    await waitFor(() => expect(listed.at(-1)?.has('sort')).toBe(false));
    expect(sorts()).toEqual({ name: 'none', applied: 'ascending' });
  });
});
