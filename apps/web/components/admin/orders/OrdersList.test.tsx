import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useSyncExternalStore } from 'react';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import { OWNER, paidOrder } from './fixtures';
import { OrdersList } from './OrdersList';

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
  usePathname: () => '/admin/orders',
}));

/** The queries of the orders list's requests, in order. */
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
      const data = url.pathname === '/api/v1/admin/orders' ? [paidOrder()] : [];
      if (url.pathname === '/api/v1/admin/orders') listed.push(url.searchParams);
      return Response.json({ data, meta: { limit: 20, cursor: null }, links: { self: '/x', next: null, prev: null } });
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

function renderList() {
  renderWithStore(
    <ConsoleValueProvider me={OWNER}>
      <OrdersList />
    </ConsoleValueProvider>,
  );
  return userEvent.setup();
}

const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });
const sortOf = (name: string) => header(name).getAttribute('aria-sort');
const sorts = () => ({ placed: sortOf('Placed'), total: sortOf('Total'), number: sortOf('Order') });

describe('OrdersList sorting', () => {
  it('is newest first until a header is clicked, then sends the header’s sort and marks it', async () => {
    const user = renderList();
    await screen.findByRole('link', { name: paidOrder().number });
    expect(listed.at(-1)?.has('sort')).toBe(false);
    expect(sorts()).toEqual({ placed: 'descending', total: 'none', number: 'none' });
    expect(screen.getByRole('columnheader', { name: 'Customer' }).hasAttribute('aria-sort')).toBe(false);

    await user.click(screen.getByRole('button', { name: /^Total/ }));
    expect(router.replace).toHaveBeenLastCalledWith('/admin/orders?sort=total', { scroll: false });
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('total'));
    expect(sorts()).toEqual({ placed: 'none', total: 'ascending', number: 'none' });

    await user.click(screen.getByRole('button', { name: /^Total/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-total'));
    expect(sortOf('Total')).toBe('descending');

    await user.click(screen.getByRole('button', { name: /^Order/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('number'));
    expect(sorts()).toEqual({ placed: 'none', total: 'none', number: 'ascending' });

    await user.click(screen.getByRole('button', { name: /^Placed/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('placedAt'));
    expect(sorts()).toEqual({ placed: 'ascending', total: 'none', number: 'none' });
  });

  it('keeps the filters, and starts again from the first page, when the sort changes', async () => {
    address.set('status=confirmed&q=DEMO&cursor=abc');
    const user = renderList();
    await waitFor(() => expect(listed.at(-1)?.get('cursor')).toBe('abc'));
    await user.click(screen.getByRole('button', { name: /^Total/ }));
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('total'));
    const query = listed.at(-1)!;
    expect(query.get('status')).toBe('confirmed');
    expect(query.get('q')).toBe('DEMO');
    expect(query.has('cursor')).toBe(false);
    expect(sortOf('Total')).toBe('ascending');
  });

  it('reads the sort from the address', async () => {
    address.set('sort=-number');
    renderList();
    await waitFor(() => expect(listed.at(-1)?.get('sort')).toBe('-number'));
    expect(sorts()).toEqual({ placed: 'none', total: 'none', number: 'descending' });
  });

  it('ignores a sort the API does not know: newest first, as without one', async () => {
    address.set('sort=email');
    renderList();
    await screen.findByRole('link', { name: paidOrder().number });
    expect(listed.at(-1)?.has('sort')).toBe(false);
    expect(sorts()).toEqual({ placed: 'descending', total: 'none', number: 'none' });
  });
});
