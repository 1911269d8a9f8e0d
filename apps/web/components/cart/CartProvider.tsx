'use client';
/**
 * The shopper's cart for client components: `const { cart, addItem, itemCount } = useCart()`.
 *
 * Guests: the cart is created on the first add (`POST /carts`); its id and token (sent back as
 * `X-Cart-Token`) are kept in `localStorage` under `bazaar.cart.<store>`. Signed-in customers use
 * `GET /me/cart`. Every change answers with the whole priced cart, which replaces the state: totals
 * always come from the API. Changes run one after another, so lazy creation happens once.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { JSX, ReactNode } from 'react';
import { toProblem } from '@bazaar/sdk';
import type { Problem, paths } from '@bazaar/sdk';
import { browserApi, hasSession } from '../../lib/browser-api';
import { useStore } from '../layout/StoreContext';
import { CartDrawer } from './CartDrawer';

/** The API's cart (`GET /api/v1/carts/{id}` body). */
export type CartView = paths['/api/v1/carts/{id}']['get']['responses'][200]['content']['application/json'];
export type CartItemView = CartView['items'][number];

export interface CartApi {
  /** The API's cart, or null when there is none yet. */
  cart: CartView | null;
  status: 'loading' | 'ready' | 'error';
  /** Sum of quantities. */
  itemCount: number;
  /** null = ok; opens the drawer. */
  addItem: (variantId: string, quantity: number) => Promise<Problem | null>;
  updateItem: (itemId: string, quantity: number) => Promise<Problem | null>;
  removeItem: (itemId: string) => Promise<Problem | null>;
  applyCoupon: (code: string) => Promise<Problem | null>;
  removeCoupon: (code: string) => Promise<Problem | null>;
  /** Where the cart ships (country, ISO 3166-2 region code): decides shipping options and tax. */
  setAddress: (country: string, region: string | null) => Promise<Problem | null>;
  /** The guest cart, for merging it at sign-in (`X-Cart-Token` + `cartId`); null for none. */
  guestCredentials: () => { cartId: string; token: string } | null;
  /** Loads the cart again (after sign-in or sign-out). */
  reload: () => Promise<void>;
  /** Drops the guest cart id and token and the cart (after a successful checkout). */
  forget: () => void;
  drawerOpen: boolean;
  openDrawer: () => void;
  closeDrawer: () => void;
}

interface GuestCredentials {
  cartId: string;
  token: string;
}

const storageKey = (store: string) => `bazaar.cart.${store}`;

function readCredentials(store: string): GuestCredentials | null {
  try {
    const raw = window.localStorage.getItem(storageKey(store));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<GuestCredentials>;
    return typeof value.cartId === 'string' && typeof value.token === 'string'
      ? { cartId: value.cartId, token: value.token }
      : null;
  } catch {
    return null;
  }
}

function writeCredentials(store: string, value: GuestCredentials | null): void {
  try {
    if (value) window.localStorage.setItem(storageKey(store), JSON.stringify(value));
    else window.localStorage.removeItem(storageKey(store));
  } catch {
    // Storage may be unavailable (private mode, quota): the cart then lasts as long as the page.
  }
}

/** A problem for a request that got no answer (offline, aborted). */
export function networkProblem(): Problem {
  return {
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    code: 'network_error',
    instance: '',
    requestId: '',
  };
}

type Result = { data: CartView; problem: null } | { data: null; problem: Problem };

/** Runs one API call and turns its outcome into the cart or a problem; never throws. */
/** A cart call of the API, for the cart `id` with its guest token `header`. */
type CartRequest = (
  id: string,
  header: { 'x-cart-token'?: string },
) => Promise<{ data?: CartView; error?: unknown; response: Response }>;

async function call(request: () => Promise<{ data?: CartView; error?: unknown; response: Response }>): Promise<Result> {
  try {
    const { data, error, response } = await request();
    if (data && response.ok) return { data, problem: null };
    return { data: null, problem: toProblem(error, response) };
  } catch {
    return { data: null, problem: networkProblem() };
  }
}

/** A cart that can still change: a converted or merged cart is gone for the shopper. */
const isActive = (cart: CartView) => cart.status === 'active';

/** The guest cart is gone (expired, converted, unknown token): start over. */
const isGone = (problem: Problem) =>
  problem.code === 'cart_not_found' || problem.code === 'cart_not_active' || problem.status === 410;

/** The problem of a change asked for when there is no cart (nothing to update). */
const noCartProblem = (): Problem => ({
  type: 'about:blank',
  title: 'Not found',
  status: 404,
  code: 'cart_not_found',
  instance: '',
  requestId: '',
});

const CartContext = createContext<CartApi | null>(null);

export function CartProvider({ children }: { children: ReactNode }): JSX.Element {
  const { slug } = useStore();
  const [cart, setCart] = useState<CartView | null>(null);
  const [status, setStatus] = useState<CartApi['status']>('loading');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const cartRef = useRef<CartView | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const accept = useCallback((next: CartView | null) => {
    cartRef.current = next;
    setCart(next);
  }, []);

  const forget = useCallback(() => {
    writeCredentials(slug, null);
    accept(null);
  }, [slug, accept]);

  /** Runs changes one at a time (the first add creates the cart; the next one must see it). */
  const serial = useCallback(<T,>(task: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(task, task);
    queue.current = run.catch(() => undefined);
    return run;
  }, []);

  const load = useCallback(async (): Promise<void> => {
    setStatus((s) => (cartRef.current ? s : 'loading'));
    if (hasSession()) {
      // A guest cart was merged by the sign-in call; the customer's cart is the one that counts now.
      writeCredentials(slug, null);
      const res = await call(() => browserApi.GET('/api/v1/me/cart'));
      if (res.problem) {
        if (res.problem.status === 401) {
          accept(null);
          setStatus('ready');
          return;
        }
        setStatus('error');
        return;
      }
      accept(res.data);
      setStatus('ready');
      return;
    }
    const creds = readCredentials(slug);
    if (!creds) {
      accept(null);
      setStatus('ready');
      return;
    }
    const res = await call(() =>
      browserApi.GET('/api/v1/carts/{id}', {
        params: { path: { id: creds.cartId }, header: { 'x-cart-token': creds.token } },
      }),
    );
    if (res.problem) {
      if (isGone(res.problem)) {
        forget();
        setStatus('ready');
      } else setStatus('error');
      return;
    }
    if (isActive(res.data)) accept(res.data);
    else forget();
    setStatus('ready');
  }, [slug, accept, forget]);

  const reload = useCallback(() => serial(load), [serial, load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** The current cart's id and token; creates a cart when there is none. */
  const ensureCart = useCallback(async (): Promise<
    { id: string; token: string | undefined; problem: null } | { problem: Problem }
  > => {
    const current = cartRef.current;
    if (current && isActive(current)) return { id: current.id, token: readCredentials(slug)?.token, problem: null };
    const customer = hasSession();
    const res = await call(() => browserApi.POST('/api/v1/carts', { body: {} }));
    if (res.problem) return { problem: res.problem };
    const token = res.data.token;
    if (!customer && token) writeCredentials(slug, { cartId: res.data.id, token });
    const view: CartView = { ...res.data };
    delete view.token;
    accept(view);
    return { id: view.id, token: customer ? undefined : token, problem: null };
  }, [slug, accept]);

  /**
   * Applies one change to the cart (creating it first when `create`), retrying once with a fresh
   * cart when the cart turned out to be gone (expired, or checked out in another tab).
   */
  const change = useCallback(
    (request: CartRequest, create: boolean): Promise<Problem | null> =>
      serial(async () => {
        for (let attempt = 0; ; attempt++) {
          if (!create && !cartRef.current) return noCartProblem();
          const target = await ensureCart();
          if (target.problem) return target.problem;
          const header = target.token ? { 'x-cart-token': target.token } : {};
          const res = await call(() => request(target.id, header));
          if (!res.problem) {
            accept(res.data);
            setStatus('ready');
            return null;
          }
          if (!isGone(res.problem)) return res.problem;
          if (!hasSession()) writeCredentials(slug, null);
          accept(null);
          if (!create || attempt > 0) return res.problem;
        }
      }),
    [serial, ensureCart, accept, slug],
  );

  /** A change to an existing cart. */
  const edit = useCallback((request: CartRequest) => change(request, false), [change]);

  const addItem = useCallback(
    async (variantId: string, quantity: number) => {
      const problem = await change(
        (id, header) =>
          browserApi.POST('/api/v1/carts/{id}/items', {
            params: { path: { id }, header },
            body: { variantId, quantity },
          }),
        true,
      );
      if (!problem) setDrawerOpen(true);
      return problem;
    },
    [change],
  );

  const updateItem = useCallback(
    (itemId: string, quantity: number) =>
      edit((id, header) =>
        browserApi.PATCH('/api/v1/carts/{id}/items/{itemId}', {
          params: { path: { id, itemId }, header },
          body: { quantity },
        }),
      ),
    [edit],
  );

  const removeItem = useCallback(
    (itemId: string) =>
      edit((id, header) =>
        browserApi.DELETE('/api/v1/carts/{id}/items/{itemId}', { params: { path: { id, itemId }, header } }),
      ),
    [edit],
  );

  const applyCoupon = useCallback(
    (code: string) =>
      edit((id, header) =>
        browserApi.POST('/api/v1/carts/{id}/coupons', { params: { path: { id }, header }, body: { code } }),
      ),
    [edit],
  );

  const removeCoupon = useCallback(
    (code: string) =>
      edit((id, header) =>
        browserApi.DELETE('/api/v1/carts/{id}/coupons/{code}', { params: { path: { id, code }, header } }),
      ),
    [edit],
  );

  const setAddress = useCallback(
    (country: string, region: string | null) =>
      edit((id, header) =>
        browserApi.PATCH('/api/v1/carts/{id}', { params: { path: { id }, header }, body: { country, region } }),
      ),
    [edit],
  );

  const guestCredentials = useCallback(() => readCredentials(slug), [slug]);
  const openDrawer = useCallback(() => setDrawerOpen(true), []);
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);

  const value = useMemo<CartApi>(
    () => ({
      cart,
      status,
      itemCount: cart ? cart.items.reduce((sum, item) => sum + item.quantity, 0) : 0,
      addItem,
      updateItem,
      removeItem,
      applyCoupon,
      removeCoupon,
      setAddress,
      guestCredentials,
      reload,
      forget,
      drawerOpen,
      openDrawer,
      closeDrawer,
    }),
    [
      cart,
      status,
      addItem,
      updateItem,
      removeItem,
      applyCoupon,
      removeCoupon,
      setAddress,
      guestCredentials,
      reload,
      forget,
      drawerOpen,
      openDrawer,
      closeDrawer,
    ],
  );

  return (
    <CartContext.Provider value={value}>
      {children}
      <CartDrawer />
    </CartContext.Provider>
  );
}

/** The cart; throws outside `CartProvider` (a wiring bug, not a runtime state). */
export function useCart(): CartApi {
  const api = useContext(CartContext);
  if (!api) throw new Error('useCart() needs <CartProvider>');
  return api;
}
