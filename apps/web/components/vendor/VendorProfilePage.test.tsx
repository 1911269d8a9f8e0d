import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { ConsoleValueProvider } from '../console/ConsoleProvider';
import type { Me } from '../console/ConsoleProvider';
import { profileChanges, profileErrors, profileValues } from './profileForm';
import type { VendorProfile } from './types';
import { VendorProfilePage } from './VendorProfilePage';

// A stable router, as Next's is (hooks depend on it).
const router = { push: vi.fn(), replace: vi.fn() };
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  usePathname: () => '/vendor/profile',
}));

const me: Me = {
  id: '01a24964-e6bf-77ed-b077-fac7e2330b6b',
  email: 'vera@example.test',
  emailVerified: true,
  name: 'Vera',
  phone: null,
  locale: 'en',
  roles: ['vendor', 'customer'],
  permissions: ['orders:read:own', 'products:write:own', 'reviews:write', 'profile:manage'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const profile: VendorProfile = {
  id: '01a24964-0000-7000-8000-000000000001',
  slug: 'demo-crafts',
  name: 'Demo Crafts',
  description: 'Pots.',
  logoUrl: null,
  status: 'approved',
  statusReason: null,
  commissionRateBps: 1250,
  contact: null,
  approvedAt: '2026-12-02T00:00:00.000Z',
  createdAt: '2026-12-01T00:00:00.000Z',
  version: 4,
};

function stubFetch(...answers: Response[]) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input.clone());
      const next = answers.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    }),
  );
  return requests;
}

afterEach(() => vi.unstubAllGlobals());

describe('profile form rules', () => {
  it('sends only what changed; an empty logo clears it', () => {
    const v = profileValues({ ...profile, logoUrl: '/logo.png' });
    expect(profileChanges({ ...profile, logoUrl: '/logo.png' }, v)).toEqual({});
    expect(profileChanges({ ...profile, logoUrl: '/logo.png' }, { ...v, name: ' Clay ', logoUrl: '' })).toEqual({
      name: 'Clay',
      logoUrl: null,
    });
  });

  it('checks the name and the logo address', () => {
    const v = profileValues(profile);
    expect(profileErrors({ ...v, name: '' })).toEqual({ name: 'required' });
    expect(profileErrors({ ...v, logoUrl: 'logo.png' })).toEqual({ logoUrl: 'logoUrl' });
    expect(profileErrors({ ...v, logoUrl: '//evil.test/x.png' })).toEqual({ logoUrl: 'logoUrl' });
    expect(profileErrors({ ...v, logoUrl: 'https://cdn.example.test/logo.png' })).toEqual({});
  });
});

describe('VendorProfilePage', () => {
  it('saves with If-Match, and offers the latest version after a conflict', async () => {
    const requests = stubFetch(
      Response.json(profile),
      Response.json(
        {
          type: '/problems/version_conflict',
          title: 'Precondition failed',
          status: 412,
          code: 'version_conflict',
          instance: '/x',
          requestId: 'r',
        },
        { status: 412, headers: { 'Content-Type': 'application/problem+json' } },
      ),
      Response.json({ ...profile, name: 'Demo Crafts Studio', version: 5 }),
    );
    renderWithStore(
      <ConsoleValueProvider me={me}>
        <VendorProfilePage />
      </ConsoleValueProvider>,
    );
    const user = userEvent.setup();
    const name = await screen.findByLabelText('Shop name');
    expect(screen.getByText('12.5%')).toBeTruthy();
    await user.clear(name);
    await user.type(name, 'Clay Studio');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() => expect(screen.getByText(/Someone else changed this record/)).toBeTruthy());
    expect(requests[1]?.method).toBe('PATCH');
    expect(requests[1]?.headers.get('If-Match')).toBe('"4"');
    expect(await requests[1]?.json()).toEqual({ name: 'Clay Studio' });

    await user.click(screen.getByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Shop name').value).toBe('Demo Crafts Studio'));
    expect(screen.queryByText(/Someone else changed this record/)).toBeNull();
  });

  it('checks the fields before sending', async () => {
    const requests = stubFetch(Response.json(profile));
    renderWithStore(
      <ConsoleValueProvider me={me}>
        <VendorProfilePage />
      </ConsoleValueProvider>,
    );
    const user = userEvent.setup();
    await user.clear(await screen.findByLabelText('Shop name'));
    await user.type(screen.getByLabelText('Logo URL'), 'logo.png');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText('This field is required.')).toBeTruthy();
    expect(screen.getByText('Enter an address starting with https:// or a path starting with /.')).toBeTruthy();
    expect(requests).toHaveLength(1);
  });
});
