import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { PlatformLogin } from './PlatformLogin';

const router = { replace: vi.fn(), refresh: vi.fn(), push: vi.fn() };
let search = new URLSearchParams('next=%2Fplatform%2Fstores%2Fnew');
vi.mock('next/navigation', () => ({ useRouter: () => router, useSearchParams: () => search }));

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
const problem = (status: number, code: string) =>
  json(status, {
    type: `/problems/${code}`,
    title: 'Problem',
    status,
    detail: code,
    instance: '/x',
    code,
    requestId: 'r',
  });
const session = () => json(200, { tokenType: 'cookie', expiresIn: 900 });

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

async function signIn(user: ReturnType<typeof userEvent.setup>, password = 'bazaar-demo-pass') {
  await user.type(screen.getByLabelText('Email'), 'admin@bazaar.test');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

beforeEach(() => {
  router.replace.mockClear();
  search = new URLSearchParams('next=%2Fplatform%2Fstores%2Fnew');
});
afterEach(() => vi.unstubAllGlobals());

describe('PlatformLogin', () => {
  it('signs in without a store (platform scope) and goes on to next', async () => {
    stubFetch(session());
    const user = userEvent.setup();
    renderWithStore(<PlatformLogin />);
    await signIn(user);
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/platform/stores/new'));
    const req = requests[0]!;
    expect(new URL(req.url).pathname).toBe('/api/v1/auth/login');
    expect(req.headers.get('X-Bazaar-Scope')).toBe('platform');
    expect(await req.json()).toEqual({ email: 'admin@bazaar.test', password: 'bazaar-demo-pass', mode: 'cookie' });
  });

  it('stays in the platform console whatever next says', async () => {
    search = new URLSearchParams('next=https%3A%2F%2Fevil.example%2F');
    stubFetch(session());
    const user = userEvent.setup();
    renderWithStore(<PlatformLogin />);
    await signIn(user);
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/platform'));
  });

  it('checks the fields, then says when the credentials are wrong', async () => {
    stubFetch(problem(401, 'invalid_credentials'));
    const user = userEvent.setup();
    renderWithStore(<PlatformLogin />);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
    expect(requests).toHaveLength(0);
    await signIn(user, 'wrong-password');
    expect((await screen.findByRole('alert')).textContent).toBe('The email or password is not correct.');
    expect(router.replace).not.toHaveBeenCalled();
  });

  it('asks for the authenticator code when the account needs one', async () => {
    stubFetch(problem(401, 'mfa_required'), problem(401, 'invalid_mfa_code'), session());
    const user = userEvent.setup();
    renderWithStore(<PlatformLogin />);
    await signIn(user);
    const code = await screen.findByLabelText('Authentication code');
    await user.type(code, '12345');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter the 6 digits shown in your authenticator app.')).toBeTruthy();
    await user.type(code, '6');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/This code is not correct/)).toBeTruthy();
    await user.clear(code);
    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith('/platform/stores/new'));
    expect(await requests[2]!.json()).toMatchObject({ email: 'admin@bazaar.test', totp: '654321' });
  });
});
