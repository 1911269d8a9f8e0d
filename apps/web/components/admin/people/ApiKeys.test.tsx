import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { ApiKeysPage, apiKeyInput, latestExpiry } from './ApiKeys';

const router = { push: vi.fn(), replace: vi.fn() };
const search = new URLSearchParams();
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  usePathname: () => '/admin/api-keys',
  useSearchParams: () => search,
}));

const owner: Me = {
  id: '01a24a11-9abc-7272-b46c-26f90aba02d4',
  email: 'owner@demo.test',
  emailVerified: true,
  name: 'Olivia Owner',
  phone: null,
  locale: 'en',
  roles: ['owner'],
  permissions: ['orders:read:any', 'orders:manage', 'api_keys:manage', 'audit:read'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const SECRET = 'bzk_0123abcd_SuperSecretValueThatIsShownOnce';
const created = {
  id: '01a24a11-0000-7000-8000-000000000001',
  name: 'Warehouse sync',
  prefix: 'bzk_0123abcd',
  scopes: ['orders:read:any'],
  expiresAt: '2027-03-01T00:00:00.000Z',
  createdAt: '2026-12-01T00:00:00.000Z',
  key: SECRET,
};
const listed = { ...created, lastUsedAt: null, revokedAt: null } as Record<string, unknown>;
delete listed.key;

const page = (data: unknown[]) =>
  Response.json({
    data,
    meta: { limit: 20, cursor: null },
    links: { self: '/api/v1/admin/api-keys', next: null, prev: null },
  });

afterEach(() => vi.unstubAllGlobals());

describe('apiKeyInput', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');

  it('needs a name and a scope', () => {
    expect(apiKeyInput({ name: ' ', scopes: [], expiry: '90', date: '' }, now).errors).toEqual({
      name: 'required',
      scopes: 'scopeRequired',
    });
  });

  it('turns the expiry choice into an instant at most a year ahead', () => {
    const in30 = apiKeyInput({ name: 'k', scopes: ['audit:read'], expiry: '30', date: '' }, now).body;
    expect(in30.expiresAt).toBe('2026-12-31T12:00:00.000Z');
    const year = apiKeyInput({ name: 'k', scopes: ['audit:read'], expiry: '365', date: '' }, now).body;
    expect(new Date(year.expiresAt!).getTime()).toBeLessThanOrEqual(latestExpiry(now).getTime());
    expect(apiKeyInput({ name: 'k', scopes: ['audit:read'], expiry: 'never', date: '' }, now).body.expiresAt).toBe(
      undefined,
    );
    expect(apiKeyInput({ name: 'k', scopes: ['audit:read'], expiry: 'date', date: '2026-11-30' }, now).errors).toEqual({
      date: 'futureDate',
    });
    expect(apiKeyInput({ name: 'k', scopes: ['audit:read'], expiry: 'date', date: '2028-01-01' }, now).errors).toEqual({
      date: 'withinYear',
    });
  });
});

describe('ApiKeysPage', () => {
  it('shows a new key once, in a dialog with a warning, and never again after it closes', async () => {
    const requests: Request[] = [];
    const answers = [page([]), Response.json(created, { status: 201 }), page([listed])];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        requests.push(input.clone());
        return answers.shift() ?? page([listed]);
      }),
    );
    renderWithStore(
      <ConsoleValueProvider me={owner}>
        <ApiKeysPage />
      </ConsoleValueProvider>,
    );
    await screen.findByText('No API keys yet.');

    await userEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    expect(screen.getByText('Choose at least one scope.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Name'), 'Warehouse sync');
    await userEvent.click(screen.getByLabelText('See all orders'));
    // A scope the account does not hold cannot be given.
    expect(screen.getByLabelText<HTMLInputElement>('Pay vendors').disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Create API key' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/It will not be shown again/)).toBeTruthy();
    expect(within(dialog).getByLabelText<HTMLInputElement>('API key').value).toBe(SECRET);
    const post = requests.find((r) => r.method === 'POST')!;
    expect(await post.json()).toMatchObject({ name: 'Warehouse sync', scopes: ['orders:read:any'] });

    await userEvent.click(within(dialog).getByRole('button', { name: 'I have copied the key' }));
    await screen.findByText('API key “Warehouse sync” created.');
    await screen.findByRole('cell', { name: 'Warehouse sync' });
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('revokes a key after confirming', async () => {
    const requests: Request[] = [];
    const answers = [
      page([listed]),
      new Response(null, { status: 204 }),
      page([{ ...listed, revokedAt: '2026-12-02T00:00:00.000Z' }]),
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        requests.push(input.clone());
        return answers.shift() ?? page([]);
      }),
    );
    renderWithStore(
      <ConsoleValueProvider me={owner}>
        <ApiKeysPage />
      </ConsoleValueProvider>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke Warehouse sync' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await screen.findByText('API key “Warehouse sync” revoked.');
    await waitFor(() => expect(screen.getByText('Revoked')).toBeTruthy());
    expect(requests.some((r) => r.method === 'DELETE' && r.url.endsWith(`/api/v1/admin/api-keys/${created.id}`))).toBe(
      true,
    );
  });
});
