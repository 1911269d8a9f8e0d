import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { AuditLogPage, auditFilterErrors } from './AuditLog';
import type { AuditEntry } from './AuditLog';

const nav = vi.hoisted(() => ({ search: new URLSearchParams(), replace: vi.fn() }));
vi.mock('next/navigation', () => {
  const router = { push: vi.fn(), replace: nav.replace };
  return {
    useRouter: () => router,
    usePathname: () => '/admin/audit-log',
    useSearchParams: () => nav.search,
  };
});

const auditor: Me = {
  id: '01a24a11-9abf-7502-8ead-a578c57b1b4b',
  email: 'audit@demo.test',
  emailVerified: true,
  name: 'Ada Auditor',
  phone: null,
  locale: 'en',
  roles: ['staff'],
  permissions: ['audit:read'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const entry: AuditEntry = {
  id: '01a24a1f-f270-77a1-9325-000000000001',
  action: 'order.refunded',
  entityType: 'order',
  entityId: '01a24a1f-9637-7042-921d-7a0665ccc53d',
  actor: { type: 'user', id: '01a24a11-9abc-7272-b46c-26f90aba02d4' },
  before: { paymentStatus: 'paid', refundedTotal: 0, currency: 'USD' },
  after: { paymentStatus: 'partially_refunded', refundedTotal: 500, currency: 'USD', refund: { reason: 'Dented' } },
  requestId: 'req-1',
  ip: '127.0.0.1',
  createdAt: '2026-12-06T06:52:00.000Z',
};

const requests: Request[] = [];
beforeEach(() => {
  requests.length = 0;
  nav.search = new URLSearchParams('action=order.refunded');
  nav.replace.mockReset();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input.clone());
      return Response.json({
        data: [entry],
        meta: { limit: 20, cursor: null },
        links: { self: '/api/v1/admin/audit-log', next: null, prev: null },
      });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

const renderPage = () =>
  renderWithStore(
    <ConsoleValueProvider me={auditor}>
      <AuditLogPage />
    </ConsoleValueProvider>,
  );

describe('auditFilterErrors', () => {
  it('accepts an action or a prefix and refuses the rest', () => {
    const none = { actor: '', entityType: '', entityId: '', action: '', from: '', to: '' };
    expect(auditFilterErrors({ ...none, action: 'order.*' })).toEqual({});
    expect(auditFilterErrors({ ...none, action: 'order refunded' })).toEqual({ action: 'action' });
    expect(auditFilterErrors({ ...none, from: '2026-12-02', to: '2026-12-01' })).toEqual({ to: 'dateOrder' });
  });
});

describe('AuditLogPage', () => {
  it('sends the URL’s filters to the API and shows an entry’s before and after', async () => {
    renderPage();
    const details = await screen.findByRole('button', { name: /^Details order\.refunded/ });
    expect(new URL(requests[0]!.url).searchParams.get('action')).toBe('order.refunded');
    expect(screen.getByLabelText<HTMLInputElement>('Action').value).toBe('order.refunded');

    await userEvent.click(details);
    const heading = screen.getByRole('heading', { name: 'Entry: order.refunded' });
    expect(document.activeElement).toBe(heading);
    const diff = screen.getByRole('table', { name: 'Values before and after the change' });
    const row = (path: string) => within(diff).getByRole('rowheader', { name: path }).closest('tr')!;
    expect(within(row('paymentStatus')).getByText('paid')).toBeTruthy();
    expect(within(row('paymentStatus')).getByText('partially_refunded')).toBeTruthy();
    expect(within(row('paymentStatus')).getByText('Changed')).toBeTruthy();
    expect(within(row('refund.reason')).getByText('(not set)')).toBeTruthy();
    expect(within(row('refund.reason')).getByText('Added')).toBeTruthy();
    expect(within(row('currency')).getByText('Unchanged')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(document.activeElement).toBe(details);
  });

  it('checks the filters before they reach the URL', async () => {
    renderPage();
    await screen.findByRole('button', { name: /^Details/ });
    const action = screen.getByLabelText('Action');
    await userEvent.clear(action);
    await userEvent.type(action, 'order refunded');
    await userEvent.type(screen.getByLabelText('Who'), 'someone@demo.test');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(action.getAttribute('aria-invalid')).toBe('true');
    // Finding an account by email needs users:manage, which this account lacks.
    expect(screen.getByText(/finding an account by email needs the permission/)).toBeTruthy();
    expect(nav.replace).not.toHaveBeenCalled();

    await userEvent.clear(action);
    await userEvent.type(action, 'user.*');
    await userEvent.clear(screen.getByLabelText('Who'));
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(nav.replace).toHaveBeenCalledWith('/admin/audit-log?action=user.*', { scroll: false });
  });
});
