'use client';
/**
 * Live status of an order from `GET /api/v1/orders/{id}/events` (server-sent events, `event: status`
 * with `{ orderId, status, paymentStatus, subOrders, change, at }`). Customers are recognised by
 * their cookie; guests pass the order's `streamToken` (valid 10 minutes). The browser reconnects by
 * itself after a dropped connection; a refused one (expired token) closes the stream, and the
 * caller may pass a fresh token to open it again.
 */
import { useEffect, useState } from 'react';

export interface OrderStatusEvent {
  orderId: string;
  status: string;
  paymentStatus: string;
  subOrders: Array<{ id: string; vendorId: string; fulfillmentStatus: string }>;
  /** What changed (`status_changed`, `shipment_created`, …); `current` for the first event. */
  change: string;
  at: string;
}

export interface OrderStream {
  /** The latest status, or null before the first event. */
  latest: OrderStatusEvent | null;
  /** Changes received since the page opened (the first, `current`, event excluded). */
  changes: OrderStatusEvent[];
  connection: 'connecting' | 'open' | 'reconnecting' | 'closed';
}

/** Parses one event's data; null for anything that is not an order status. */
export function parseStatusEvent(data: string): OrderStatusEvent | null {
  try {
    const value = JSON.parse(data) as Partial<OrderStatusEvent>;
    if (typeof value.orderId !== 'string' || typeof value.status !== 'string') return null;
    return {
      orderId: value.orderId,
      status: value.status,
      paymentStatus: typeof value.paymentStatus === 'string' ? value.paymentStatus : '',
      subOrders: Array.isArray(value.subOrders) ? value.subOrders : [],
      change: typeof value.change === 'string' ? value.change : 'current',
      at: typeof value.at === 'string' ? value.at : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

export function useOrderStream(orderId: string | null, token?: string): OrderStream {
  const [state, setState] = useState<OrderStream>({ latest: null, changes: [], connection: 'connecting' });

  useEffect(() => {
    if (!orderId || typeof EventSource === 'undefined') return;
    const url = `/api/v1/orders/${encodeURIComponent(orderId)}/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const source = new EventSource(url, { withCredentials: true });
    setState((s) => ({ ...s, connection: s.latest ? 'reconnecting' : 'connecting' }));
    source.onopen = () => setState((s) => ({ ...s, connection: 'open' }));
    source.addEventListener('status', (e: MessageEvent<string>) => {
      const event = parseStatusEvent(e.data);
      if (!event || event.orderId !== orderId) return;
      setState((s) => ({
        latest: event,
        changes: event.change === 'current' ? s.changes : [...s.changes, event],
        connection: 'open',
      }));
    });
    source.onerror = () =>
      setState((s) => ({ ...s, connection: source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting' }));
    return () => source.close();
  }, [orderId, token]);

  return state;
}
