import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { checkPassword, PasswordRules } from './PasswordRules';
import { RegisterForm, TERMS_VERSION } from './RegisterForm';

const router = { replace: vi.fn(), refresh: vi.fn(), push: vi.fn() };
vi.mock('next/navigation', () => ({ useRouter: () => router }));
const cart = { guestCredentials: vi.fn(() => null), reload: vi.fn(async () => undefined) };
vi.mock('../cart/CartProvider', () => ({ useCart: () => cart }));

afterEach(() => vi.unstubAllGlobals());

describe('checkPassword', () => {
  it('needs 12 to 128 characters, counted as characters not UTF-16 units', () => {
    expect(checkPassword('short-pass1').length).toBe(false);
    expect(checkPassword('twelve-chars').length).toBe(true);
    expect(checkPassword('😀'.repeat(12)).length).toBe(true);
    expect(checkPassword('x'.repeat(129)).length).toBe(false);
  });

  it('refuses the email or its name part', () => {
    expect(checkPassword('my-shopper-secret', 'shopper@demo.test').notEmail).toBe(false);
    expect(checkPassword('SHOPPER@demo.test', 'shopper@demo.test').notEmail).toBe(false);
    expect(checkPassword('a-long-unrelated-pass', 'shopper@demo.test').notEmail).toBe(true);
    // Name parts shorter than four characters are not checked (as the API does).
    expect(checkPassword('bob-is-my-uncle!', 'bob@demo.test').notEmail).toBe(true);
  });
});

describe('PasswordRules', () => {
  it('marks each rule as met or not while typing', () => {
    const first = renderWithStore(<PasswordRules id="rules" password="" />);
    const list = document.getElementById('rules')!;
    expect(within(list).getByText('At least 12 characters')).toBeTruthy();
    expect(list.querySelector('[data-met]')).toBeNull();
    first.unmount();
    const second = renderWithStore(<PasswordRules id="rules" password="short" />);
    expect(screen.getByText('At least 12 characters').closest('li')?.getAttribute('data-met')).toBe('false');
    expect(screen.getAllByText('(not met yet)').length).toBeGreaterThan(0);
    second.unmount();
    renderWithStore(<PasswordRules id="rules" password="a-much-longer-password" />);
    expect(screen.getByText('At least 12 characters').closest('li')?.getAttribute('data-met')).toBe('true');
  });
});

describe('RegisterForm', () => {
  it('checks the fields before sending anything', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderWithStore(<RegisterForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(fetch).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    // The rules and the error are both announced with the field.
    expect(password.getAttribute('aria-describedby')).toBe('register-password-hint register-password-error');
    expect(screen.getByText('Please accept the terms to create an account.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
  });

  it('shows the API password reasons on the password field', async () => {
    const requests: Request[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        requests.push(req.clone());
        return new Response(
          JSON.stringify({
            type: '/problems/weak_password',
            title: 'Unprocessable request',
            status: 422,
            detail: 'Choose a stronger password.',
            instance: '/api/v1/auth/register',
            code: 'weak_password',
            requestId: '56227617-dc6c-44ad-9212-139ec69e4d80',
            errors: [
              { path: 'password', message: 'is too common; choose something harder to guess', code: 'password_common' },
            ],
          }),
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        );
      }),
    );
    renderWithStore(<RegisterForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'password1234');
    await user.click(screen.getByLabelText(/I accept the terms/));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('This password is too common. Choose something harder to guess.')).toBeTruthy();
    expect(await requests[0]!.json()).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'password1234',
      locale: 'en',
      termsVersion: TERMS_VERSION,
      marketingOptIn: false,
    });
    expect(router.replace).not.toHaveBeenCalled();
  });

  it('points to sign-in when the email is taken', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              type: '/problems/email_taken',
              title: 'Conflict',
              status: 409,
              detail: 'An account with this email already exists in this store.',
              instance: '/api/v1/auth/register',
              code: 'email_taken',
              requestId: '8493d9df-d492-4e2e-86b8-5df5f3e13d2e',
            }),
            { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
          ),
      ),
    );
    renderWithStore(<RegisterForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Shopper');
    await user.type(screen.getByLabelText('Email'), 'shopper@demo.test');
    await user.type(screen.getByLabelText('Password'), 'a-good-long-passphrase');
    await user.click(screen.getByLabelText(/I accept the terms/));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('An account with this email already exists.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in with this email instead' })).toBeTruthy();
  });
});
