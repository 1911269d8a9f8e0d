import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { ConsoleValueProvider } from '../console/ConsoleProvider';
import type { Me } from '../console/ConsoleProvider';
import { ApplyForm } from './ApplyForm';
import { applyBody, applyErrors, initialApplyValues } from './applyForm';
import type { VendorProfile } from './types';

const me: Me = {
  id: '01a24964-e6bf-77ed-b077-fac7e2330b6b',
  email: 'ada@example.test',
  emailVerified: true,
  name: 'Ada',
  phone: null,
  locale: 'en',
  roles: ['customer'],
  permissions: ['orders:read:own', 'reviews:write', 'profile:manage'],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const pending: VendorProfile = {
  id: '01a24964-0000-7000-8000-000000000001',
  slug: 'clay-and-co',
  name: 'Clay & Co',
  description: 'Bowls.',
  logoUrl: null,
  status: 'pending',
  statusReason: null,
  commissionRateBps: null,
  contact: { email: 'ada@example.test', name: 'Ada' },
  approvedAt: null,
  createdAt: '2026-12-02T00:00:00.000Z',
  version: 1,
};

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  Response.json(
    {
      type: `/problems/${code}`,
      title: 'Problem',
      status,
      code,
      instance: '/api/v1/vendors/apply',
      requestId: 'r',
      ...extra,
    },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

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

function renderForm(onApplied = vi.fn()) {
  renderWithStore(
    <ConsoleValueProvider me={me}>
      <ApplyForm onApplied={onApplied} />
    </ConsoleValueProvider>,
  );
  return { onApplied, user: userEvent.setup() };
}

afterEach(() => vi.unstubAllGlobals());

describe('applyErrors and applyBody', () => {
  const ok = { ...initialApplyValues(me), name: 'Clay & Co' };

  it('starts from the account and accepts a minimal application', () => {
    expect(initialApplyValues(me)).toMatchObject({ contactEmail: 'ada@example.test', contactName: 'Ada', name: '' });
    expect(applyErrors(ok)).toEqual({});
    expect(applyBody(ok)).toEqual({ name: 'Clay & Co', contact: { email: 'ada@example.test', name: 'Ada' } });
  });

  it('checks what the API checks', () => {
    expect(applyErrors({ ...ok, name: '  ' })).toEqual({ name: 'required' });
    expect(applyErrors({ ...ok, slug: 'Clay Co' })).toEqual({ slug: 'slugFormat' });
    expect(applyErrors({ ...ok, slug: 'clay--co' })).toEqual({ slug: 'slugFormat' });
    expect(applyErrors({ ...ok, contactEmail: 'ada' })).toEqual({ 'contact.email': 'emailFormat' });
    expect(applyErrors({ ...ok, contactEmail: '' })).toEqual({ 'contact.email': 'required' });
    expect(applyErrors({ ...ok, contactPhone: 'call me' })).toEqual({ 'contact.phone': 'phoneFormat' });
    expect(applyErrors({ ...ok, description: 'x'.repeat(5001) })).toEqual({ description: 'tooLong' });
  });

  it('fills in a rejected application to send again', () => {
    const v = initialApplyValues(me, { ...pending, status: 'rejected', contact: { email: 'shop@example.test' } });
    expect(v).toMatchObject({ name: 'Clay & Co', slug: 'clay-and-co', contactEmail: 'shop@example.test' });
  });
});

describe('ApplyForm', () => {
  it('shows its own messages next to the fields and sends nothing', async () => {
    const requests = stubFetch();
    const { user } = renderForm();
    await user.type(screen.getByLabelText('Web address'), 'Not A Slug');
    await user.clear(screen.getByLabelText('Contact email'));
    await user.type(screen.getByLabelText('Contact email'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Send application' }));

    expect(screen.getByRole('alert').textContent).toBe('Fix the fields marked below.');
    expect(screen.getByLabelText('Shop name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('This field is required.')).toBeTruthy();
    expect(screen.getByText(/Use lower-case letters, digits and single hyphens/)).toBeTruthy();
    expect(screen.getByText('Enter an email address such as name@example.com.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Shop name'));
    expect(requests).toHaveLength(0);
  });

  it("puts the API's field errors next to their fields", async () => {
    stubFetch(
      problem(400, 'validation_failed', {
        errors: [{ path: 'body.contact.phone', message: 'must match pattern' }],
      }),
    );
    const { user, onApplied } = renderForm();
    await user.type(screen.getByLabelText('Shop name'), 'Clay & Co');
    await user.type(screen.getByLabelText('Contact phone'), '+49 30 123');
    await user.click(screen.getByRole('button', { name: 'Send application' }));

    await waitFor(() => expect(screen.getByText('must match pattern')).toBeTruthy());
    const phone = screen.getByLabelText('Contact phone');
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(phone.getAttribute('aria-describedby')).toContain('apply-contact-phone-error');
    expect(screen.getByRole('alert').textContent).toBe('Some fields need your attention.');
    expect(onApplied).not.toHaveBeenCalled();
  });

  it('says a taken web address on its field, and sends the application', async () => {
    const requests = stubFetch(problem(409, 'slug_taken'), Response.json(pending, { status: 201 }));
    const { user, onApplied } = renderForm();
    await user.type(screen.getByLabelText('Shop name'), 'Clay & Co');
    await user.type(screen.getByLabelText('Web address'), 'demo-crafts');
    await user.click(screen.getByRole('button', { name: 'Send application' }));

    await waitFor(() => expect(screen.getByText('This web address is already taken. Choose another.')).toBeTruthy());
    expect(document.activeElement).toBe(screen.getByLabelText('Web address'));

    await user.clear(screen.getByLabelText('Web address'));
    await user.type(screen.getByLabelText('Web address'), 'clay-and-co');
    await user.type(screen.getByLabelText('About the shop'), 'Bowls.');
    await user.click(screen.getByRole('button', { name: 'Send application' }));
    await waitFor(() => expect(onApplied).toHaveBeenCalledWith(pending));

    expect(requests[1]?.method).toBe('POST');
    expect(new URL(requests[1]!.url).pathname).toBe('/api/v1/vendors/apply');
    expect(await requests[1]?.json()).toEqual({
      name: 'Clay & Co',
      slug: 'clay-and-co',
      description: 'Bowls.',
      contact: { email: 'ada@example.test', name: 'Ada' },
    });
  });

  it('says so when an application is already waiting', async () => {
    stubFetch(problem(409, 'application_pending'));
    const { user } = renderForm();
    await user.type(screen.getByLabelText('Shop name'), 'Clay & Co');
    await user.click(screen.getByRole('button', { name: 'Send application' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'You have already applied; your application is waiting for review.',
      ),
    );
  });
});
