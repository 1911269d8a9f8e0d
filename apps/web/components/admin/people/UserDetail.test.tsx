import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { accessChanges, lockedReason, UserPage } from './UserDetail';
import type { AdminUser } from './Users';

const router = { push: vi.fn(), replace: vi.fn() };
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  usePathname: () => '/admin/users/x',
}));

const me: Me = {
  id: '01a24a11-9abc-7272-b46c-26f90aba02d4',
  email: 'owner@demo.test',
  emailVerified: true,
  name: 'Olivia Owner',
  phone: null,
  locale: 'en',
  roles: ['owner'],
  permissions: ['users:manage', 'orders:read:any', 'orders:refund', 'audit:read'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const user: AdminUser = {
  id: '01a24a11-9abf-7502-8ead-a578c57b1b4b',
  email: 'sam@demo.test',
  name: 'Sam Staff',
  roles: ['staff'],
  permissions: ['orders:read:any', 'profile:manage'],
  grantedPermissions: ['orders:read:any'],
  status: 'active',
  emailVerified: true,
  mfaEnabled: false,
  lastLoginAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  version: 7,
};

const problem = (status: number, code: string, detail: string) =>
  Response.json(
    { type: 'about:blank', title: 'Problem', status, code, detail, instance: '/x', requestId: 'r' },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

function stubFetch(...answers: Response[]) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input.clone());
      return answers.shift() ?? problem(500, 'unexpected', 'no more answers');
    }),
  );
  return requests;
}

const renderPage = (account: Me = me) =>
  renderWithStore(
    <ConsoleValueProvider me={account}>
      <UserPage id={user.id} />
    </ConsoleValueProvider>,
  );

afterEach(() => vi.unstubAllGlobals());

describe('lockedReason and accessChanges', () => {
  it('locks one’s own, erased and (for non-owners) owners’ accounts', () => {
    expect(lockedReason(user, { id: user.id }, true)).toBe('self');
    expect(lockedReason({ ...user, status: 'erased' }, me, true)).toBe('erased');
    expect(lockedReason({ ...user, roles: ['owner'] }, me, false)).toBe('ownerOnly');
    expect(lockedReason({ ...user, roles: ['owner'] }, me, true)).toBeNull();
  });

  it('sends only what changed', () => {
    expect(accessChanges(user, ['staff'], ['orders:read:any'])).toEqual({});
    expect(accessChanges(user, ['staff', 'customer'], ['orders:refund', 'orders:read:any'])).toEqual({
      roles: ['staff', 'customer'],
      permissions: ['orders:read:any', 'orders:refund'],
    });
  });
});

describe('UserPage', () => {
  it('saves roles and permissions with If-Match', async () => {
    const requests = stubFetch(
      Response.json(user),
      Response.json({ ...user, grantedPermissions: ['orders:read:any', 'orders:refund'], version: 8 }),
    );
    renderPage();
    await screen.findByRole('heading', { name: 'Sam Staff', level: 1 });
    expect(screen.getByLabelText<HTMLInputElement>('Refund orders').disabled).toBe(false);
    await userEvent.click(screen.getByLabelText('Refund orders'));
    await userEvent.click(screen.getByRole('button', { name: 'Save roles and permissions' }));
    await screen.findByText('Roles and permissions saved.');
    const patch = requests[1]!;
    expect(patch.method).toBe('PATCH');
    expect(patch.headers.get('If-Match')).toBe('"7"');
    expect(await patch.json()).toEqual({ permissions: ['orders:read:any', 'orders:refund'] });
  });

  it('shows the API’s refusal (the last owner) in the block dialog', async () => {
    const last = { ...user, name: 'Otto Owner', roles: ['owner' as const] };
    stubFetch(Response.json(last), problem(422, 'last_owner', 'The store needs at least one active owner.'));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Block account' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Block account' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The store needs at least one active owner.');
  });

  it('offers to reload after a 412 and shows the other version', async () => {
    stubFetch(
      Response.json(user),
      problem(412, 'version_conflict', 'changed'),
      Response.json({ ...user, grantedPermissions: ['orders:read:any', 'audit:read'], version: 8 }),
    );
    renderPage();
    await userEvent.click(await screen.findByLabelText('Refund orders'));
    await userEvent.click(screen.getByRole('button', { name: 'Save roles and permissions' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Read the audit log').checked).toBe(true));
    expect(screen.getByLabelText<HTMLInputElement>('Refund orders').checked).toBe(false);
    expect(screen.queryByRole('button', { name: 'Load the latest version' })).toBeNull();
  });

  it('keeps one’s own account read-only', async () => {
    stubFetch(Response.json({ ...user, id: me.id, name: 'Olivia Owner', roles: ['owner'] }));
    renderPage();
    await screen.findByText(/This is your own account/);
    expect(screen.queryByRole('button', { name: 'Save roles and permissions' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Block account' })).toBeNull();
  });
});
