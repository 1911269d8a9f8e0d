'use client';
/** The shipping options of the cart per vendor (`GET /carts/{id}/shipping-options`), reloaded when the cart changes. */
import { useEffect, useState } from 'react';
import type { paths } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import type { CartView } from './CartProvider';

export type ShippingOption =
  paths['/api/v1/carts/{id}/shipping-options']['get']['responses'][200]['content']['application/json']['data'][number];

export interface ShippingOptionsState {
  status: 'loading' | 'ready' | 'error';
  /** Options per vendor id, cheapest first. */
  byVendor: Map<string, ShippingOption[]>;
}

export function useShippingOptions(cart: CartView | null, token: string | undefined): ShippingOptionsState {
  const [state, setState] = useState<ShippingOptionsState>({ status: 'loading', byVendor: new Map() });
  const id = cart?.id;
  const version = cart?.version;
  const country = cart?.country;

  useEffect(() => {
    if (!id) return;
    let live = true;
    setState((s) => ({ ...s, status: s.byVendor.size ? s.status : 'loading' }));
    browserApi
      .GET('/api/v1/carts/{id}/shipping-options', {
        params: { path: { id }, header: token ? { 'x-cart-token': token } : {} },
      })
      .then(({ data }) => {
        if (!live) return;
        if (!data) {
          setState({ status: 'error', byVendor: new Map() });
          return;
        }
        const byVendor = new Map<string, ShippingOption[]>();
        for (const option of data.data)
          byVendor.set(option.vendorId, [...(byVendor.get(option.vendorId) ?? []), option]);
        setState({ status: 'ready', byVendor });
      })
      .catch(() => live && setState({ status: 'error', byVendor: new Map() }));
    return () => {
      live = false;
    };
  }, [id, version, country, token]);

  return state;
}
