import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore, DEMO_STORE } from '../../test/render';
import { LoginForm, providerHref } from './LoginForm';

const router = { replace: vi.fn(), refresh: vi.fn(), push: vi.fn() };
vi.mock('next/navigation', () => ({ useRouter: () => router }));

const cart = {
  guestCredentials: vi.fn((): { cartId: string; token: string } | null => ({
    cartId: '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b',
    token: 'guest-cart-token-abcdefghijklmnop',
  })),
  reload: vi.fn(async () => undefined),
};
vi.mock('../cart/CartProvider', () => ({ useCart: () => cart }));

function problem(status: number, code: string, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(
    JSON.stringify({
      type: `/problems/${code}`,
      title: status === 429 ? 'Too many requests' : 'Unauthorized',
      status,
      detail,
      instance: '/api/v1/auth/login',
      code,
      requestId: '5c584071-6754-4ba0-878b-7e42d0d3e5ab',
    }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );
}

const session = () =>
  new Response(JSON.stringify({ tokenType: 'cookie', expiresIn: 900 }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

let requests: Request[] = [];
function stubFetch(...responses: Response[]) {
  requests = [];
  const queue = [...responses];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input.clone());
      const next = queue.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    }),
  );
}

async function fillAndSubmit(email = 'shopper@demo.test', password = 'bazaar-demo-pass') {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return user;
}

beforeEach(() => {
  router.replace.mockClear();
  router.refresh.mockClear();
  cart.reload.mockClear();
});
afterEach(() => vi.unstubAllGlobals());

describe('LoginForm', () => {
  it('signs in with the guest cart, reloads the cart and goes to the next page', async () => {
    stubFetch(session());
    renderWithStore(<LoginForm next="/account/orders" />);
    await fillAndSubmit();
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/account/orders'));
    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(new URL(req.url).pathname).toBe('/api/v1/auth/login');
    expect(req.headers.get('X-Cart-Token')).toBe('guest-cart-token-abcdefghijklmnop');
    expect(await req.json()).toEqual({
      email: 'shopper@demo.test',
      password: 'bazaar-demo-pass',
      mode: 'cookie',
      cartId: '0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b',
    });
    expect(cart.reload).toHaveBeenCalledTimes(1);
  });

  it('asks for the authentication code on mfa_required and sends it', async () => {
    stubFetch(
      problem(401, 'mfa_required', 'This account uses two-factor sign-in: send `totp` or `recoveryCode`.'),
      session(),
    );
    renderWithStore(<LoginForm />);
    const user = await fillAndSubmit();
    const code = await screen.findByLabelText('Authentication code');
    expect(screen.queryByRole('alert')).toBeNull();
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/account'));
    expect(requests).toHaveLength(2);
    const body = (await requests[1]!.json()) as Record<string, unknown>;
    expect(body.totp).toBe('123456');
    expect(body.email).toBe('shopper@demo.test');
  });

  it('shows a wrong code on the code field', async () => {
    stubFetch(
      problem(401, 'mfa_required', 'send totp'),
      problem(401, 'invalid_mfa_code', 'The two-factor code is not correct.'),
    );
    renderWithStore(<LoginForm />);
    const user = await fillAndSubmit();
    await user.type(await screen.findByLabelText('Authentication code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const field = screen.getByLabelText('Authentication code');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/That code is not correct/)).toBeTruthy();
    expect(router.replace).not.toHaveBeenCalled();
  });

  it('shows the translated message for wrong credentials', async () => {
    stubFetch(problem(401, 'invalid_credentials', 'The email or password is not correct.'));
    renderWithStore(<LoginForm />, { locale: 'de' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('E-Mail'), 'shopper@demo.test');
    await user.type(screen.getByLabelText('Passwort'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect((await screen.findByRole('alert')).textContent).toBe('E-Mail-Adresse oder Passwort ist nicht korrekt.');
    expect(cart.reload).not.toHaveBeenCalled();
  });

  it('tells when to retry after too many attempts', async () => {
    stubFetch(problem(429, 'rate_limited', 'Too many requests; slow down.', { 'Retry-After': '120' }));
    renderWithStore(<LoginForm />);
    await fillAndSubmit();
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts. Please try again in 2 minutes.');
  });

  it('signs in without a guest cart', async () => {
    cart.guestCredentials.mockReturnValueOnce(null);
    stubFetch(session());
    renderWithStore(<LoginForm next="//evil.example/steal" />);
    await fillAndSubmit();
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/account'));
    expect(requests[0]!.headers.has('X-Cart-Token')).toBe(false);
    expect(((await requests[0]!.json()) as Record<string, unknown>).cartId).toBeUndefined();
  });

  it('offers the store sign-in providers through this origin', () => {
    stubFetch();
    renderWithStore(<LoginForm next="/checkout" />, {
      store: {
        ...DEMO_STORE,
        signInProviders: [{ slug: 'acme-id', name: 'Acme ID', startUrl: '/api/v1/auth/oidc/acme-id/start' }],
      },
    });
    const link = screen.getByRole('link', { name: 'Sign in with Acme ID' });
    expect(link.getAttribute('href')).toBe('/api/v1/auth/oidc/acme-id/start?mode=cookie&returnTo=%2Fcheckout');
    expect(providerHref('http://api.example/api/v1/auth/oidc/x/start', '/account')).toBe(
      '/api/v1/auth/oidc/x/start?mode=cookie&returnTo=%2Faccount',
    );
  });
});
