import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithStore } from '../../test/render';
import { OWNER } from '../admin/orders/fixtures';
import { ConsoleValueProvider } from './ConsoleProvider';
import type { Me } from './ConsoleProvider';
import { RequirePermission } from './RequirePermission';

const NOBODY: Me = { ...OWNER, permissions: [] };

describe('RequirePermission', () => {
  it('shows the page to an account holding the permission', () => {
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <RequirePermission permission="payouts:manage">
          <h1>Payouts</h1>
        </RequirePermission>
      </ConsoleValueProvider>,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Payouts' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the general refusal, and nothing of the page, to one without it', () => {
    renderWithStore(
      <ConsoleValueProvider me={NOBODY}>
        <RequirePermission permission="payouts:manage">
          <h1>Payouts</h1>
        </RequirePermission>
      </ConsoleValueProvider>,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'You cannot open this page' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(
      'Your account does not have access to this area. Sign in with another account or ask the store owner.',
    );
    expect(screen.queryByRole('heading', { name: 'Payouts' })).toBeNull();
  });

  it('uses the page’s own heading and sentence when given', () => {
    renderWithStore(
      <ConsoleValueProvider me={NOBODY}>
        <RequirePermission permission="orders:read:any" title="Orders" message="Your account may not read orders.">
          <p>the list</p>
        </RequirePermission>
      </ConsoleValueProvider>,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Orders' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Your account may not read orders.');
    expect(screen.queryByText('the list')).toBeNull();
  });
});
