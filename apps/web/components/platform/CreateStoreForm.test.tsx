import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { components } from '@bazaar/sdk';
import { renderWithStore } from '../../test/render';
import { ConsoleValueProvider } from '../console/ConsoleProvider';
import { CreateStoreForm } from './CreateStoreForm';

type Me = components['schemas']['Me'];
const admin: Me = {
  id: '01a24a11-9ab7-7703-964d-677de30690e3',
  email: 'admin@bazaar.test',
  emailVerified: true,
  name: 'Platform Admin',
  phone: null,
  locale: null,
  roles: ['platform_admin'],
  permissions: [],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const tenant = {
  id: '01a24a11-9a72-7013-b122-257d765ff771',
  slug: 'gamma',
  name: 'Gamma Goods',
  status: 'active',
  defaultCurrency: 'EUR',
  defaultLocale: 'en',
  locales: ['en', 'de'],
  domains: ['gamma.example.com'],
  version: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) =>
  json(status, {
    type: `/problems/${code}`,
    title: 'Problem',
    status,
    detail,
    instance: '/api/v1/platform/tenants',
    code,
    requestId: 'f2b0c7a4-5a4e-4bb8-8d33-0c1f1b7b6a10',
    ...extra,
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

function renderForm() {
  return renderWithStore(
    <ConsoleValueProvider me={admin}>
      <CreateStoreForm />
    </ConsoleValueProvider>,
  );
}

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await add(user, screen.getByLabelText('Store name'), 'Gamma Goods');
  await fill(user, screen.getByLabelText('Slug'), 'gamma');
  await fill(user, screen.getByLabelText('Default currency'), 'eur');
  await add(user, screen.getByLabelText('Other languages'), 'de');
  await add(user, screen.getByLabelText('Domains'), 'gamma.example.com');
  await add(user, screen.getByLabelText("Owner's email"), 'owner@gamma.test');
  await add(user, screen.getByLabelText("Owner's name"), 'Greta Gamma');
}

const submit = (user: ReturnType<typeof userEvent.setup>) =>
  user.click(screen.getByRole('button', { name: 'Create store' }));

/** The texts an input's `aria-describedby` points at: its hint and error as assistive technology reads them. */
function description(label: string): string {
  const input = screen.getByLabelText(label);
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}
const invalid = (label: string) => screen.getByLabelText(label).getAttribute('aria-invalid') === 'true';
const value = (label: string) => screen.getByLabelText<HTMLInputElement>(label).value;

type User = ReturnType<typeof userEvent.setup>;
/** Replaces a field's text (pasted: typing every character makes these tests slow). */
async function fill(user: User, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.paste(text);
}
/** Adds text at the end of a field. */
async function add(user: User, field: HTMLElement, text: string) {
  await user.click(field);
  await user.keyboard('{End}');
  await user.paste(text);
}

afterEach(() => vi.unstubAllGlobals());

describe('CreateStoreForm', { timeout: 20_000 }, () => {
  it('checks the fields before sending and says what is wrong next to each', async () => {
    stubFetch();
    const user = userEvent.setup();
    renderForm();
    await submit(user);
    expect(screen.getByRole('alert').textContent).toContain('Fix the fields marked below.');
    expect(invalid('Store name')).toBe(true);
    expect(description('Store name')).toContain('This field is required.');
    expect(description("Owner's email")).toContain('This field is required.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Store name')));

    await add(user, screen.getByLabelText('Store name'), 'Gamma Goods');
    // The slug follows the name until it is typed.
    expect(value('Slug')).toBe('gamma-goods');
    await fill(user, screen.getByLabelText('Slug'), 'admin');
    await fill(user, screen.getByLabelText('Default currency'), 'eu');
    await add(user, screen.getByLabelText('Domains'), 'shop.example.com\nbad_host!');
    await add(user, screen.getByLabelText("Owner's email"), 'owner-at-gamma');
    await user.type(screen.getByLabelText('Initial password (optional)'), 'short');
    await submit(user);
    expect(description('Slug')).toContain('This slug is reserved for the platform.');
    expect(description('Default currency')).toContain('Enter a three-letter ISO 4217 code');
    expect(description('Domains')).toContain('These are not host names: bad_host!.');
    expect(description("Owner's email")).toContain('Enter an email address such as owner@example.com.');
    expect(description('Initial password (optional)')).toContain('Use 12 to 128 characters.');
    expect(requests).toHaveLength(0);
  });

  it('creates the store platform-scoped and shows it with the owner’s sign-in', async () => {
    stubFetch(json(201, tenant));
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    await submit(user);
    expect(await screen.findByRole('heading', { level: 1, name: 'Store created' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Gamma Goods has been created.');
    expect(screen.getByText('owner@gamma.test')).toBeTruthy();
    expect(screen.getByText(/emailed the owner a link to choose their password/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'https://gamma.example.com/admin' }).getAttribute('href')).toBe(
      'https://gamma.example.com/admin',
    );
    expect(screen.getByRole('link', { name: "Open the store's page" }).getAttribute('href')).toBe(
      `/platform/stores/${tenant.id}`,
    );
    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.method).toBe('POST');
    expect(new URL(req.url).pathname).toBe('/api/v1/platform/tenants');
    expect(req.headers.get('X-Bazaar-Scope')).toBe('platform');
    expect(req.headers.get('X-Tenant-ID')).toBeNull();
    expect(await req.json()).toEqual({
      slug: 'gamma',
      name: 'Gamma Goods',
      defaultCurrency: 'EUR',
      defaultLocale: 'en',
      locales: ['en', 'de'],
      domains: ['gamma.example.com'],
      owner: { email: 'owner@gamma.test', name: 'Greta Gamma' },
    });

    await user.click(screen.getByRole('button', { name: 'Create another store' }));
    expect(value('Store name')).toBe('');
  });

  it("shows the API's field errors next to their fields", async () => {
    stubFetch(
      problem(400, 'validation_failed', 'The request is not valid.', {
        errors: [
          {
            path: 'body.slug',
            message: 'must match pattern "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"',
            code: 'pattern',
          },
          { path: 'body.owner.email', message: 'must match format "email"', code: 'format' },
          { path: 'body.name', message: 'is not one this form knows', code: 'x_unknown_rule' },
        ],
      }),
    );
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    await submit(user);
    expect((await screen.findByRole('alert')).textContent).toContain('Fix the fields marked below.');
    expect(invalid('Slug')).toBe(true);
    expect(description('Slug')).toContain('Use 2 to 63 lower-case letters');
    expect(description("Owner's email")).toContain('Enter an email address such as owner@example.com.');
    // A rule the console has no words for keeps the API's own message.
    expect(description('Store name')).toContain('is not one this form knows');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Store name')));
  });

  it('puts store problems without a path on their field: slug taken, domain taken, weak password', async () => {
    stubFetch(
      problem(409, 'tenant_slug_taken', 'A store called "gamma" already exists.'),
      problem(409, 'tenant_domain_taken', 'These domains already belong to a store: gamma.example.com.', {
        domains: ['gamma.example.com'],
      }),
      problem(422, 'weak_password', 'Choose a stronger password.', {
        errors: [
          {
            path: 'owner.password',
            message: 'is too common; choose something harder to guess',
            code: 'password_common',
          },
        ],
      }),
    );
    const user = userEvent.setup();
    renderForm();
    await fillValid(user);
    await submit(user);
    await waitFor(() => expect(description('Slug')).toContain('Another store already uses this slug.'));
    expect(screen.getByRole('alert').textContent).toContain('Fix the fields marked below.');

    await submit(user);
    await waitFor(() =>
      expect(description('Domains')).toContain('These domains already belong to another store: gamma.example.com.'),
    );
    expect(invalid('Slug')).toBe(false);

    await user.type(screen.getByLabelText('Initial password (optional)'), 'password1234');
    await submit(user);
    await waitFor(() => expect(description('Initial password (optional)')).toContain('This password is too common.'));
    expect(requests).toHaveLength(3);
  });

  it('shows the API’s sentence for other problems, in German too', async () => {
    stubFetch(problem(403, 'forbidden', 'Only platform admins may do this.'));
    const user = userEvent.setup();
    renderWithStore(
      <ConsoleValueProvider me={admin}>
        <CreateStoreForm />
      </ConsoleValueProvider>,
      { locale: 'de' },
    );
    await user.click(screen.getByRole('button', { name: 'Shop anlegen' }));
    expect(screen.getByRole('alert').textContent).toContain('Korrigieren');
    await add(user, screen.getByLabelText('Name des Shops'), 'Gamma');
    await add(user, screen.getByLabelText('E-Mail-Adresse des Inhabers'), 'owner@gamma.test');
    await user.click(screen.getByRole('button', { name: 'Shop anlegen' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Dazu sind Sie nicht berechtigt.'));
  });
});
