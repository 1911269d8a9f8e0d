import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { StoreSettingsForm, StoreSettingsPage, storeChanges, storeValuesOf } from './StoreSettings';
import type { Settings } from './StoreSettings';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
  usePathname: () => '/admin/settings',
}));

const settings: Settings = {
  name: 'Demo Bazaar',
  defaultCurrency: 'USD',
  locales: ['en', 'de'],
  defaultLocale: 'en',
  paymentMethods: ['card', 'cod'],
  availablePaymentMethods: ['card', 'cod'],
  commissionRateBps: 1000,
  pricesIncludeTax: false,
  defaultCountry: 'US',
  orderNumberPrefix: 'DEMO',
  supportEmail: null,
  logoUrl: null,
  signInProviders: [],
  version: 4,
};

const owner: Me = {
  id: '01a24a11-9abc-7272-b46c-26f90aba02d4',
  email: 'owner@demo.test',
  emailVerified: true,
  name: 'Olivia Owner',
  phone: null,
  locale: 'en',
  roles: ['owner'],
  permissions: ['settings:manage', 'users:manage', 'audit:read', 'api_keys:manage', 'notifications:read'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const problem = (status: number, code: string, detail: string, errors?: { path: string; message: string }[]) =>
  Response.json(
    {
      type: 'about:blank',
      title: 'Problem',
      status,
      code,
      detail,
      instance: '/api/v1/admin/settings',
      requestId: 'r',
      errors,
    },
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

const renderForm = (props: Partial<Parameters<typeof StoreSettingsForm>[0]> = {}) =>
  renderWithStore(
    <ConsoleValueProvider me={owner}>
      <StoreSettingsForm settings={settings} onSaved={vi.fn()} onReload={vi.fn()} {...props} />
    </ConsoleValueProvider>,
  );

afterEach(() => vi.unstubAllGlobals());

describe('storeChanges', () => {
  it('sends only what changed, in API units; cleared optional fields become null', () => {
    const values = storeValuesOf(settings);
    expect(storeChanges(settings, values)).toEqual({ body: {}, errors: {} });
    const changed = storeChanges(settings, {
      ...values,
      commission: '12,5',
      defaultCountry: 'de',
      orderNumberPrefix: '',
      supportEmail: ' help@demo.test ',
      paymentMethods: ['cod'],
    });
    expect(changed).toEqual({
      body: {
        commissionRateBps: 1250,
        defaultCountry: 'DE',
        orderNumberPrefix: null,
        supportEmail: 'help@demo.test',
        paymentMethods: ['cod'],
      },
      errors: {},
    });
  });

  it('refuses values the API would refuse', () => {
    const { errors } = storeChanges(settings, {
      ...storeValuesOf(settings),
      paymentMethods: [],
      commission: '101',
      defaultCountry: 'USA',
      orderNumberPrefix: '-X',
      supportEmail: 'nope',
      logoUrl: 'javascript:alert(1)',
    });
    expect(errors).toEqual({
      paymentMethods: 'paymentMethodRequired',
      commission: 'percent',
      defaultCountry: 'countryCode',
      orderNumberPrefix: 'orderPrefix',
      supportEmail: 'email',
      logoUrl: 'logoUrl',
    });
  });
});

describe('storeChanges: name, currency and languages', () => {
  it('sends a new name, currency and languages; the default must be one of them', () => {
    const values = storeValuesOf(settings);
    expect(
      storeChanges(settings, {
        ...values,
        name: ' Demo Market ',
        currency: 'eur',
        locales: 'de, en',
        defaultLocale: 'de',
      }),
    ).toEqual({
      body: { name: 'Demo Market', defaultCurrency: 'EUR', locales: ['de', 'en'], defaultLocale: 'de' },
      errors: {},
    });
    const { errors } = storeChanges(settings, {
      ...values,
      name: ' ',
      currency: 'EURO',
      locales: 'fr',
      defaultLocale: 'en',
    });
    expect(errors).toEqual({ name: 'name', currency: 'currency', defaultLocale: 'defaultLocale' });
    expect(storeChanges(settings, { ...values, locales: 'english' }).errors).toEqual({ locales: 'locales' });
  });
});

describe('StoreSettingsForm', () => {
  it('shows validation next to the field and sends nothing', async () => {
    const requests = stubFetch();
    renderForm();
    const commission = screen.getByLabelText('Commission rate (%)');
    await userEvent.clear(commission);
    await userEvent.type(commission, 'ten');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(commission.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Enter a percentage from 0 to 100/)).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('saves with If-Match and shows the 412 conflict notice with a reload', async () => {
    const requests = stubFetch(problem(412, 'version_conflict', 'The record changed.'));
    const onReload = vi.fn();
    renderForm({ onReload });
    await userEvent.type(screen.getByLabelText('Support email'), 'help@demo.test');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Someone else changed this record after you opened it.');
    expect(requests[0]!.method).toBe('PATCH');
    expect(requests[0]!.headers.get('If-Match')).toBe('"4"');
    expect(await requests[0]!.json()).toEqual({ supportEmail: 'help@demo.test' });

    await userEvent.click(screen.getByRole('button', { name: 'Load the latest version' }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('puts the API’s field errors next to their fields', async () => {
    stubFetch(
      problem(400, 'validation_failed', 'Invalid body', [{ path: '/body/logoUrl', message: 'must match pattern' }]),
    );
    renderForm();
    await userEvent.type(screen.getByLabelText('Logo address'), '/logo.svg');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const logo = screen.getByLabelText('Logo address');
    await waitFor(() => expect(logo.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('must match pattern')).toBeTruthy();
  });

  it('reports a save', async () => {
    stubFetch(Response.json({ ...settings, supportEmail: 'help@demo.test', version: 5 }));
    const onSaved = vi.fn();
    renderForm({ onSaved });
    await userEvent.type(screen.getByLabelText('Support email'), 'help@demo.test');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ version: 5 })));
    expect(screen.getByText('Saved.')).toBeTruthy();
  });
});

describe('StoreSettingsPage', () => {
  it('loads the settings, then after a conflict loads the latest version into the form', async () => {
    const requests = stubFetch(
      Response.json(settings),
      problem(412, 'version_conflict', 'The record changed.'),
      Response.json({ ...settings, supportEmail: 'other@demo.test', version: 5 }),
    );
    renderWithStore(
      <ConsoleValueProvider me={owner}>
        <StoreSettingsPage />
      </ConsoleValueProvider>,
    );
    await userEvent.type(await screen.findByLabelText('Support email'), 'mine@demo.test');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Support email').value).toBe('other@demo.test'));
    expect(screen.queryByRole('button', { name: 'Load the latest version' })).toBeNull();
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('is closed to accounts without settings:manage', () => {
    stubFetch();
    renderWithStore(
      <ConsoleValueProvider me={{ ...owner, roles: ['staff'], permissions: ['orders:read:any'] }}>
        <StoreSettingsPage />
      </ConsoleValueProvider>,
    );
    expect(screen.getByRole('heading', { name: 'You cannot open this page' })).toBeTruthy();
  });
});
