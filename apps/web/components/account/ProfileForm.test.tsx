import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '@bazaar/sdk';
import { renderWithStore } from '../../test/render';
import { ProfileForm, profileChanges } from './ProfileForm';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
  usePathname: () => '/account',
}));

type Me = components['schemas']['Me'];
const me: Me = {
  id: '01a24964-e6bf-77ed-b077-fac7e2330b6b',
  email: 'ada@example.test',
  emailVerified: true,
  name: 'Ada',
  phone: null,
  locale: 'en',
  roles: ['customer'],
  permissions: [],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 3,
};
const values = { name: 'Ada', phone: '', email: 'ada@example.test', currentPassword: '' };

afterEach(() => vi.unstubAllGlobals());

describe('profileChanges', () => {
  it('sends only what changed; empty clears', () => {
    expect(profileChanges(me, values)).toEqual({ body: {}, errors: {} });
    expect(profileChanges(me, { ...values, name: ' Ada Lovelace ', phone: '+44 20 7946 0000' }).body).toEqual({
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0000',
    });
    expect(profileChanges(me, { ...values, name: '' }).body).toEqual({ name: null });
  });

  it('needs the current password for a new email, and a valid one', () => {
    expect(profileChanges(me, { ...values, email: 'new@example.test' }).errors).toEqual({
      currentPassword: 'required',
    });
    expect(profileChanges(me, { ...values, email: 'nope' }).errors).toMatchObject({ email: 'invalidEmail' });
    expect(profileChanges({ ...me, hasPassword: false }, { ...values, email: 'new@example.test' })).toEqual({
      body: { email: 'new@example.test' },
      errors: {},
    });
    expect(profileChanges(me, { ...values, phone: 'call me' }).errors).toEqual({ phone: 'invalidField' });
  });
});

describe('ProfileForm', () => {
  it('saves with If-Match and shows a wrong current password on its field', async () => {
    const requests: Request[] = [];
    const answers = [
      Response.json(
        {
          type: 'about:blank',
          title: 'Unauthorized',
          status: 401,
          code: 'invalid_password',
          instance: '/api/v1/me',
          requestId: 'r',
        },
        { status: 401, headers: { 'Content-Type': 'application/problem+json' } },
      ),
      Response.json({ ...me, email: 'new@example.test', emailVerified: false, version: 4 }),
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        requests.push(input.clone());
        return answers.shift()!;
      }),
    );
    const onSaved = vi.fn();
    renderWithStore(<ProfileForm me={me} onSaved={onSaved} onCancel={vi.fn()} />);
    const user = userEvent.setup();
    const email = screen.getByLabelText('Email');
    await user.clear(email);
    await user.type(email, 'new@example.test');
    await user.type(screen.getByLabelText('Current password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(screen.getByText('The password is not correct.')).toBeTruthy());
    expect(screen.getByLabelText('Current password').getAttribute('aria-invalid')).toBe('true');
    expect(requests[0]?.method).toBe('PATCH');
    expect(requests[0]?.headers.get('If-Match')).toBe('"3"');
    expect(await requests[0]?.json()).toEqual({ email: 'new@example.test', currentPassword: 'wrong password' });

    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ email: 'new@example.test' })));
  });
});
