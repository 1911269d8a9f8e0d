import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useSyncExternalStore } from 'react';
import { renderWithStore } from '../../test/render';
import { StoresList } from './StoresList';
import type { Tenant } from './storeForm';

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
  usePathname: () => '/platform',
}));

const tenant: Tenant = {
  id: '01a24a11-9a72-7013-b122-257d765ff771',
  slug: 'gamma',
  name: 'Gamma Goods',
  status: 'active',
  defaultCurrency: 'EUR',
  defaultLocale: 'en',
  locales: ['en', 'de'],
  domains: [],
  version: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

/** The queries of the stores list's requests, in order. */
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
      const data = url.pathname === '/api/v1/platform/tenants' ? [tenant] : [];
      if (url.pathname === '/api/v1/platform/tenants') listed.push(url.searchParams);
      return Response.json({
        data,
        meta: { limit: 20, cursor: null, total: data.length },
        links: { self: '/x', next: null, prev: null },
      });
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

function renderList() {
  renderWithStore(<StoresList />);
  return userEvent.setup();
}

const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });
const sortOf = (name: string) => header(name).getAttribute('aria-sort');
const sorts = () => ({ name: sortOf('Name'), slug: sortOf('Slug'), created: sortOf('Created') });

describe('StoresList sorting', () => {
  it('is oldest first until a header is clicked, then sends the header’s sort and marks it', async () => {
    const user = renderList();
    await screen.findByRole('link', { name: tenant.name });
    expect(listed.at(-1)?.has('sort')).toBe(false);
    expect(sorts()).toEqual({ name: 'none', slug: 'none', created: 'ascending' });
    expect(screen.getByRole('columnheader', { name: 'Currency' }).hasAttribute('aria-sort')).toBe(false);

    await user.click(screen.getByRole('button', { name: /^Name/ }));
    expect(router.replace).toHaveBeenLastCalledWith('/platform?sort=name', { scroll: false });
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('name'));
    expect(sorts()).toEqual({ name: 'ascending', slug: 'none', created: 'none' });

    await user.click(screen.getByRole('button', { name: /^Name/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-name'));
    expect(sortOf('Name')).toBe('descending');

    await user.click(screen.getByRole('button', { name: /^Slug/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('slug'));
    expect(sorts()).toEqual({ name: 'none', slug: 'ascending', created: 'none' });

    await user.click(screen.getByRole('button', { name: /^Slug/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-slug'));
    expect(sortOf('Slug')).toBe('descending');

    await user.click(screen.getByRole('button', { name: /^Created/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('createdAt'));
    expect(sorts()).toEqual({ name: 'none', slug: 'none', created: 'ascending' });

    await user.click(screen.getByRole('button', { name: /^Created/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-createdAt'));
    expect(sorts()).toEqual({ name: 'none', slug: 'none', created: 'descending' });
  });

  it('keeps the status filter, and starts again from the first page, when the sort changes', async () => {
    address.set('status=suspended&cursor=abc');
    const user = renderList();
    await waitFor(() => expect(listed.at(-1)?.get('cursor')).toBe('abc'));
    await user.click(screen.getByRole('button', { name: /^Slug/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('slug'));
    const query = listed.at(-1)!;
    expect(query.get('status')).toBe('suspended');
    expect(query.has('cursor')).toBe(false);
  });

  it('reads the sort from the address, and ignores one the API does not know', async () => {
    address.set('sort=-slug');
    renderList();
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-slug'));
    expect(sorts()).toEqual({ name: 'none', slug: 'descending', created: 'none' });

    address.set('sort=status');
    await waitFor(() => expect(listed.at(-1)?.has('sort')).toBe(false));
    expect(sorts()).toEqual({ name: 'none', slug: 'none', created: 'ascending' });
  });
});
