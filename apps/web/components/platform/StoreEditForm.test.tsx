import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { StoreEditForm } from './StoreEditForm';
import type { Tenant } from './storeForm';

const tenant: Tenant = {
  id: '01a24a11-9a72-7013-b122-257d765ff771',
  slug: 'gamma',
  name: 'Gamma Goods',
  status: 'active',
  defaultCurrency: 'EUR',
  defaultLocale: 'en',
  locales: ['en', 'de'],
  domains: ['gamma.example.com'],
  version: 7,
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
    instance: '/x',
    code,
    requestId: 'r',
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

function description(label: string): string {
  const input = screen.getByLabelText(label);
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

function renderForm() {
  const onSaved = vi.fn();
  const onReload = vi.fn();
  renderWithStore(<StoreEditForm tenant={tenant} onSaved={onSaved} onReload={onReload} />);
  return { onSaved, onReload };
}

const save = (user: ReturnType<typeof userEvent.setup>) =>
  user.click(screen.getByRole('button', { name: 'Save changes' }));

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

describe('StoreEditForm', { timeout: 20_000 }, () => {
  it('sends only the changes, with If-Match, platform-scoped', async () => {
    const saved = { ...tenant, name: 'Gamma', domains: ['gamma.example.com', 'gamma.example.org'], version: 8 };
    stubFetch(json(200, saved));
    const user = userEvent.setup();
    const { onSaved } = renderForm();
    await fill(user, screen.getByLabelText('Store name'), 'Gamma');
    await add(user, screen.getByLabelText('Domains'), '\nGamma.Example.org');
    await save(user);
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    const req = requests[0]!;
    expect(req.method).toBe('PATCH');
    expect(new URL(req.url).pathname).toBe(`/api/v1/platform/tenants/${tenant.id}`);
    expect(req.headers.get('If-Match')).toBe('"7"');
    expect(req.headers.get('X-Bazaar-Scope')).toBe('platform');
    expect(await req.json()).toEqual({ name: 'Gamma', domains: ['gamma.example.com', 'gamma.example.org'] });
  });

  it('says when nothing changed, and checks fields before sending', async () => {
    stubFetch();
    const user = userEvent.setup();
    renderForm();
    await save(user);
    expect(screen.getByRole('status').textContent).toBe('Nothing has changed.');
    await fill(user, screen.getByLabelText('Default currency'), 'E1');
    await add(user, screen.getByLabelText('Other languages'), ', not_a_tag');
    await save(user);
    expect(description('Default currency')).toContain('Enter a three-letter ISO 4217 code');
    expect(description('Other languages')).toContain('These are not language tags: not_a_tag.');
    expect(screen.getByRole('alert').textContent).toContain('Fix the fields marked below.');
    expect(requests).toHaveLength(0);
  });

  it('offers to reload when someone else changed the store (412)', async () => {
    stubFetch(problem(412, 'precondition_failed', 'The resource has changed.'));
    const user = userEvent.setup();
    const { onReload, onSaved } = renderForm();
    await add(user, screen.getByLabelText('Store name'), ' Shop');
    await save(user);
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('Someone else changed this record');
    await user.click(screen.getByRole('button', { name: 'Load the latest version' }));
    expect(onReload).toHaveBeenCalled();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('shows a domain of another store and an unknown currency on their fields', async () => {
    stubFetch(
      problem(409, 'tenant_domain_taken', 'These domains already belong to a store: acme.localhost.', {
        domains: ['acme.localhost'],
      }),
      problem(422, 'unknown_currency', 'GBP is not an ISO 4217 currency.'),
    );
    const user = userEvent.setup();
    renderForm();
    await add(user, screen.getByLabelText('Domains'), '\nacme.localhost');
    await save(user);
    await waitFor(() =>
      expect(description('Domains')).toContain('These domains already belong to another store: acme.localhost.'),
    );
    // The form moves focus to the field in error on the next frame: let it land before typing elsewhere.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Domains')));
    await fill(user, screen.getByLabelText('Default currency'), 'gbp');
    expect(screen.getByText('Changing the currency does not convert prices the store already has.')).toBeTruthy();
    await save(user);
    await waitFor(() => expect(description('Default currency')).toContain('This is not an ISO 4217 currency code.'));
    expect(await requests[1]!.json()).toEqual({
      defaultCurrency: 'GBP',
      domains: ['gamma.example.com', 'acme.localhost'],
    });
  });
});
