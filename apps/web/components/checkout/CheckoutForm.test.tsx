import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithStore } from '../../test/render';
import { CartProvider } from '../cart/CartProvider';
import { CART_ID, VARIANT_ID, VENDOR, cartBody, json, problem } from '../cart/fixtures';
import { CheckoutForm } from './CheckoutForm';

const push = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ push }), usePathname: () => '/checkout' }));

const SHIPPING = {
  data: [
    {
      id: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f',
      vendorId: VENDOR.id,
      name: 'Standard',
      price: { amount: 500, currency: 'USD' },
      estimatedDays: { min: 3, max: 5 },
    },
  ],
};

let checkoutBodies: unknown[] = [];
let checkoutKeys: string[] = [];
let checkoutAnswer: () => Response;

beforeEach(() => {
  push.mockReset();
  checkoutBodies = [];
  checkoutKeys = [];
  window.localStorage.setItem('bazaar.cart.demo', JSON.stringify({ cartId: CART_ID, token: 'tok' }));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (req.method === 'GET' && path === `/api/v1/carts/${CART_ID}`) return json(cartBody(1, { country: 'US' }));
      if (req.method === 'PATCH' && path === `/api/v1/carts/${CART_ID}`) return json(cartBody(1, { country: 'US' }));
      if (path.endsWith('/shipping-options')) return json(SHIPPING);
      if (req.method === 'POST' && path === '/api/v1/checkout') {
        checkoutBodies.push(await req.json());
        checkoutKeys.push(req.headers.get('Idempotency-Key') ?? '');
        return checkoutAnswer();
      }
      return problem(404, 'not_found', 'No route');
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

async function renderForm() {
  renderWithStore(
    <CartProvider>
      <CheckoutForm />
    </CartProvider>,
  );
  await screen.findByRole('button', { name: 'Place order' });
  await screen.findByRole('radio', { name: /Standard/ });
}

function fill(label: string | RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function fillValid() {
  fill('Email', 'ada@example.test');
  fill('Full name', 'Ada Lovelace');
  fill('Address', '1 Main St');
  fill('City', 'Oakland');
  fill('Postal code', '94601');
}

describe('CheckoutForm', () => {
  it('shows the errors of an empty form, links them up and focuses the first invalid field', async () => {
    await renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const described = email.getAttribute('aria-describedby') ?? '';
    expect(described.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(
      'Enter your email address.',
    );
    expect(screen.getByLabelText('Full name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Postal code').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Please correct 5 errors to continue:')).toBeTruthy();
    expect(checkoutBodies).toHaveLength(0);
  });

  it('places the order with an idempotency key and goes to the confirmation', async () => {
    checkoutAnswer = () =>
      json(
        {
          order: { id: 'ord-1' },
          payment: { id: 'p1', status: 'paid', method: 'card', amount: { amount: 3300, currency: 'USD' } },
          orderToken: 'order-token',
          streamToken: 'stream',
        },
        201,
      );
    await renderForm();
    fillValid();
    fireEvent.change(screen.getByLabelText('Test card'), { target: { value: 'tok_mastercard' } });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));

    await waitFor(() => expect(push).toHaveBeenCalledWith('/orders/ord-1?token=order-token'));
    expect(checkoutKeys[0]).toMatch(/.{16,}/);
    expect(checkoutBodies[0]).toMatchObject({
      cartId: CART_ID,
      email: 'ada@example.test',
      paymentMethod: 'card',
      paymentToken: 'tok_mastercard',
      shippingOptionIds: [SHIPPING.data[0]?.id],
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '1 Main St',
        city: 'Oakland',
        postalCode: '94601',
        country: 'US',
      },
    });
    expect(window.localStorage.getItem('bazaar.cart.demo')).toBeNull();
  });

  it('says the card was declined and keeps the cart; a new attempt gets a new key', async () => {
    checkoutAnswer = () =>
      problem(402, 'payment_declined', 'The payment was declined: The card was declined.', { orderId: 'o1' });
    await renderForm();
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText(/Your card was declined/)).toBeTruthy();
    expect(window.localStorage.getItem('bazaar.cart.demo')).not.toBeNull();
    expect(push).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(checkoutKeys).toHaveLength(2));
    expect(checkoutKeys[1]).not.toBe(checkoutKeys[0]);
  });

  it('names the item that is out of stock', async () => {
    checkoutAnswer = () =>
      problem(409, 'insufficient_inventory', 'Not enough stock', {
        variants: [{ variantId: VARIANT_ID, requested: 1, available: 0 }],
      });
    await renderForm();
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText('Hand-thrown stoneware mug: only 0 available (you asked for 1).')).toBeTruthy();
  });

  it('keeps the idempotency key when the same attempt is retried after a 503', async () => {
    checkoutAnswer = () => problem(503, 'dependency_unavailable', 'Try again shortly.');
    await renderForm();
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText(/The payment service is not responding/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await waitFor(() => expect(checkoutKeys).toHaveLength(2));
    expect(checkoutKeys[1]).toBe(checkoutKeys[0]);
  });
});
