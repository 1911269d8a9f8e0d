import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Problem } from '@bazaar/sdk';
import { renderWithStore } from '../../test/render';
import { CartProvider, useCart } from './CartProvider';
import type { CartApi } from './CartProvider';
import { CartButton } from './CartButton';
import { CART_ID, ITEM_ID, VARIANT_ID, cartBody, json, problem } from './fixtures';

vi.mock('next/navigation', () => ({ useRouter: () => ({ push: vi.fn() }), usePathname: () => '/' }));

interface Call {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

let calls: Call[] = [];
let routes: Array<(call: Call) => Response | undefined> = [];

function stubApi() {
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const text = await input.clone().text();
      const call: Call = {
        method: input.method,
        path: new URL(input.url).pathname,
        headers: input.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      calls.push(call);
      for (const route of routes) {
        const res = route(call);
        if (res) return res;
      }
      return problem(404, 'not_found', 'No route');
    }),
  );
}

beforeAll(() => {
  // jsdom may lack modal dialogs: open/close then toggle the attribute, as a browser's would.
  if (!('showModal' in HTMLDialogElement.prototype)) {
    Object.assign(HTMLDialogElement.prototype, {
      showModal(this: HTMLDialogElement) {
        this.setAttribute('open', '');
      },
      close(this: HTMLDialogElement) {
        this.removeAttribute('open');
      },
    });
  }
});

beforeEach(() => {
  window.localStorage.clear();
  document.cookie = 'bazaar_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  routes = [];
  stubApi();
});

afterEach(() => vi.unstubAllGlobals());

let api: CartApi;
function Probe() {
  api = useCart();
  return <CartButton />;
}

function renderCart() {
  return renderWithStore(
    <CartProvider>
      <button type="button">Add to cart</button>
      <Probe />
    </CartProvider>,
  );
}

describe('useCart', () => {
  it('creates a guest cart lazily on the first add, keeps its token and counts the items', async () => {
    let quantity = 0;
    routes = [
      (c) =>
        c.method === 'POST' && c.path === '/api/v1/carts'
          ? json({ ...cartBody(0), token: 'guest-token' }, 201)
          : undefined,
      (c) => {
        if (c.method !== 'POST' || c.path !== `/api/v1/carts/${CART_ID}/items`) return undefined;
        quantity += (c.body as { quantity: number }).quantity;
        return json(cartBody(quantity));
      },
    ];
    renderCart();
    await waitFor(() => expect(api.status).toBe('ready'));
    expect(calls).toHaveLength(0); // no cart yet, nothing to load
    expect(api.cart).toBeNull();

    let result: Problem | null = null;
    await act(async () => {
      result = await api.addItem(VARIANT_ID, 2);
    });
    expect(result).toBeNull();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/carts',
      `POST /api/v1/carts/${CART_ID}/items`,
    ]);
    expect(calls[1]?.headers.get('X-Cart-Token')).toBe('guest-token');
    expect(JSON.parse(window.localStorage.getItem('bazaar.cart.demo') ?? 'null')).toEqual({
      cartId: CART_ID,
      token: 'guest-token',
    });
    expect(api.itemCount).toBe(2);
    expect(api.guestCredentials()).toEqual({ cartId: CART_ID, token: 'guest-token' });
    expect(screen.getByRole('link', { name: 'Cart, 2 items' })).toBeTruthy();

    // A second add reuses the cart.
    await act(async () => {
      await api.addItem(VARIANT_ID, 1);
    });
    expect(calls.filter((c) => c.path === '/api/v1/carts')).toHaveLength(1);
    expect(api.itemCount).toBe(3);
  });

  it('loads a stored guest cart and removes an item', async () => {
    window.localStorage.setItem('bazaar.cart.demo', JSON.stringify({ cartId: CART_ID, token: 'tok' }));
    routes = [
      (c) => (c.method === 'GET' && c.path === `/api/v1/carts/${CART_ID}` ? json(cartBody(1)) : undefined),
      (c) =>
        c.method === 'DELETE' && c.path === `/api/v1/carts/${CART_ID}/items/${ITEM_ID}` ? json(cartBody(0)) : undefined,
    ];
    renderCart();
    await waitFor(() => expect(api.itemCount).toBe(1));
    expect(calls[0]?.headers.get('X-Cart-Token')).toBe('tok');
    await act(async () => {
      expect(await api.removeItem(ITEM_ID)).toBeNull();
    });
    expect(api.itemCount).toBe(0);
    expect(api.cart?.items).toEqual([]);
    expect(screen.getByRole('link', { name: 'Cart, no items' })).toBeTruthy();
  });

  it('returns a 422 problem instead of throwing, and leaves the cart as it was', async () => {
    window.localStorage.setItem('bazaar.cart.demo', JSON.stringify({ cartId: CART_ID, token: 'tok' }));
    routes = [
      (c) => (c.method === 'GET' ? json(cartBody(1)) : undefined),
      (c) =>
        c.method === 'PATCH'
          ? problem(422, 'quantity_unavailable', 'Only 3 of this item can be bought now.', {
              variants: [{ variantId: VARIANT_ID, requested: 50, available: 3 }],
            })
          : undefined,
    ];
    renderCart();
    await waitFor(() => expect(api.itemCount).toBe(1));
    let result: Problem | null = null;
    await act(async () => {
      result = await api.updateItem(ITEM_ID, 50);
    });
    expect(result).toMatchObject({ status: 422, code: 'quantity_unavailable' });
    expect(api.itemCount).toBe(1);
  });

  it('forgets a guest cart that is gone (404) and starts a fresh one on the next add', async () => {
    window.localStorage.setItem('bazaar.cart.demo', JSON.stringify({ cartId: 'gone', token: 'old' }));
    routes = [
      (c) => (c.method === 'GET' ? problem(404, 'cart_not_found', 'No cart with this id exists') : undefined),
      (c) =>
        c.method === 'POST' && c.path === '/api/v1/carts' ? json({ ...cartBody(0), token: 'new' }, 201) : undefined,
      (c) => (c.method === 'POST' ? json(cartBody(1)) : undefined),
    ];
    renderCart();
    await waitFor(() => expect(api.status).toBe('ready'));
    expect(window.localStorage.getItem('bazaar.cart.demo')).toBeNull();
    await act(async () => {
      await api.addItem(VARIANT_ID, 1);
    });
    expect(api.guestCredentials()).toEqual({ cartId: CART_ID, token: 'new' });
  });

  it('uses the customer cart when signed in', async () => {
    document.cookie = 'bazaar_csrf=csrf-value';
    routes = [(c) => (c.path === '/api/v1/me/cart' ? json(cartBody(4, { userId: 'u1' })) : undefined)];
    renderCart();
    await waitFor(() => expect(api.itemCount).toBe(4));
    expect(api.guestCredentials()).toBeNull();
  });

  it('forget() drops the guest cart', async () => {
    window.localStorage.setItem('bazaar.cart.demo', JSON.stringify({ cartId: CART_ID, token: 'tok' }));
    routes = [(c) => (c.method === 'GET' ? json(cartBody(2)) : undefined)];
    renderCart();
    await waitFor(() => expect(api.itemCount).toBe(2));
    act(() => api.forget());
    expect(api.cart).toBeNull();
    expect(api.guestCredentials()).toBeNull();
  });
});

describe('CartDrawer', () => {
  it('opens after an add with the lines and links, and closes on Escape', async () => {
    routes = [
      (c) => (c.path === '/api/v1/carts' ? json({ ...cartBody(0), token: 't' }, 201) : undefined),
      (c) => (c.path.endsWith('/items') ? json(cartBody(2)) : undefined),
    ];
    renderCart();
    await waitFor(() => expect(api.status).toBe('ready'));
    expect(screen.queryByRole('dialog')).toBeNull();

    const trigger = screen.getByRole('button', { name: 'Add to cart' });
    trigger.focus();
    await act(async () => {
      await api.addItem(VARIANT_ID, 2);
    });
    const dialog = await screen.findByRole('dialog', { name: 'Your cart' });
    expect(api.drawerOpen).toBe(true);
    expect(dialog.textContent).toContain('Hand-thrown stoneware mug');
    expect(dialog.textContent).toContain('2 × $28.00');
    expect(dialog.textContent).toContain('$56.00');
    expect(screen.getByRole('link', { name: 'View cart' }).getAttribute('href')).toBe('/cart');
    expect(screen.getByRole('link', { name: 'Checkout' }).getAttribute('href')).toBe('/checkout');

    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.drawerOpen).toBe(false);
    expect(document.activeElement).toBe(trigger);
  });

  it('does not open when the add fails', async () => {
    routes = [
      (c) => (c.path === '/api/v1/carts' ? json({ ...cartBody(0), token: 't' }, 201) : undefined),
      (c) =>
        c.path.endsWith('/items')
          ? problem(422, 'variant_unavailable', 'This product variant is not for sale.')
          : undefined,
    ];
    renderCart();
    await waitFor(() => expect(api.status).toBe('ready'));
    let result: Problem | null = null;
    await act(async () => {
      result = await api.addItem(VARIANT_ID, 1);
    });
    expect(result).toMatchObject({ code: 'variant_unavailable' });
    expect(api.drawerOpen).toBe(false);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
