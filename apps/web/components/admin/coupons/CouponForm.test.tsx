import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { OWNER, VENDOR_ID, problem } from '../moderation/fixtures';
import { CouponForm } from './CouponForm';
import { couponPayload, couponValues, emptyCoupon } from './couponForm';
import type { Coupon } from './couponForm';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }),
  usePathname: () => '/admin/coupons',
  useSearchParams: () => new URLSearchParams(),
}));

afterEach(() => vi.unstubAllGlobals());

const COUPON: Coupon = {
  id: '01a24a11-9fbf-756a-b251-b3be3b01646e',
  code: 'WELCOME10',
  name: '10 % off your first order',
  kind: 'percentage',
  value: 1000,
  vendorId: null,
  automatic: false,
  active: true,
  minSubtotal: { amount: 0, currency: 'USD' },
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  perCustomerLimit: 1,
  usedCount: 3,
  version: 2,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  deletedAt: null,
};

const noVendors = () =>
  Response.json({ data: [], meta: { limit: 20, cursor: null }, links: { self: '/x', next: null, prev: null } });

/** Answers the vendor picker's searches with no vendors and everything else from `answers`, in order. */
function stubApi(...answers: Response[]) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      if (new URL(input.url).pathname.startsWith('/api/v1/admin/vendors')) return noVendors();
      requests.push(input.clone());
      return answers.shift() ?? Response.json({}, { status: 500 });
    }),
  );
  return requests;
}

function renderForm(coupon: Coupon | null, me: Me = OWNER) {
  const onSaved = vi.fn();
  const onReload = vi.fn();
  renderWithStore(
    <ConsoleValueProvider me={me}>
      <CouponForm coupon={coupon} onSaved={onSaved} onCancel={vi.fn()} onReload={onReload} />
    </ConsoleValueProvider>,
  );
  return { onSaved, onReload, user: userEvent.setup() };
}

const errorOf = (label: string) => {
  const input = screen.getByLabelText(label);
  const id = input
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((x) => x.endsWith('-error'));
  return id ? document.getElementById(id)?.textContent : undefined;
};

describe('couponPayload', () => {
  it('turns the form into the API body', () => {
    const { body, errors } = couponPayload(
      {
        ...emptyCoupon(),
        code: ' spring-25 ',
        name: 'Spring sale',
        value: '12,5',
        vendorId: VENDOR_ID,
        minSubtotal: '50',
        usageLimit: '100',
      },
      'USD',
    );
    expect(errors).toEqual({});
    expect(body).toEqual({
      code: 'SPRING-25',
      name: 'Spring sale',
      kind: 'percentage',
      value: 1250,
      vendorId: VENDOR_ID,
      automatic: false,
      active: true,
      minSubtotal: { amount: 5000, currency: 'USD' },
      startsAt: null,
      endsAt: null,
      usageLimit: 100,
      perCustomerLimit: null,
    });
    expect(
      couponPayload({ ...emptyCoupon(), name: 'Ship', kind: 'free_shipping', code: 'SHIP' }, 'USD').body.value,
    ).toBe(0);
    expect(
      couponPayload({ ...emptyCoupon(), name: 'Five', kind: 'fixed', value: '5', code: 'FIVE' }, 'USD').body.value,
    ).toBe(500);
  });

  it('checks the API rules first', () => {
    expect(couponPayload(emptyCoupon(), 'USD').errors).toEqual({
      code: 'required',
      name: 'required',
      value: 'required',
    });
    expect(couponPayload({ ...emptyCoupon(), automatic: true, name: 'Auto', value: '5' }, 'USD').errors).toEqual({});
    expect(
      couponPayload(
        {
          ...emptyCoupon(),
          code: 'a b',
          name: 'x',
          value: '100.5',
          minSubtotal: 'ten',
          startsAt: '2027-02-01T10:00',
          endsAt: '2027-01-01T10:00',
          usageLimit: '0',
          perCustomerLimit: '1.5',
        },
        'USD',
      ).errors,
    ).toEqual({
      code: 'invalidCode',
      value: 'invalidPercent',
      minSubtotal: 'invalidAmount',
      endsAt: 'endsBeforeStarts',
      usageLimit: 'invalidNumber',
      perCustomerLimit: 'invalidNumber',
    });
    expect(
      couponPayload({ ...emptyCoupon(), kind: 'fixed', code: 'ZERO', name: 'Zero', value: '0' }, 'USD').errors,
    ).toEqual({
      value: 'invalidAmount',
    });
  });

  it('reads a coupon back into the form', () => {
    expect(couponValues(COUPON)).toMatchObject({
      code: 'WELCOME10',
      value: '10',
      minSubtotal: '',
      perCustomerLimit: '1',
    });
  });
});

describe('CouponForm', () => {
  it('shows what is missing next to each field and sends nothing', async () => {
    const requests = stubApi();
    const { user } = renderForm(null);
    await user.click(screen.getByRole('button', { name: 'Create coupon' }));
    expect(screen.getByText('Fix the fields marked below.')).toBeTruthy();
    expect(errorOf('Name')).toBe('This field is required.');
    expect(errorOf('Code')).toBe('This field is required.');
    expect(errorOf('Discount (%)')).toBe('This field is required.');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');

    await user.type(screen.getByLabelText('Discount (%)'), '150');
    await user.click(screen.getByRole('button', { name: 'Create coupon' }));
    expect(errorOf('Discount (%)')).toBe('Enter a percentage from 0.01 to 100, with at most two decimals.');

    // An automatic promotion needs no code.
    await user.click(screen.getByLabelText('Apply automatically to every cart that qualifies, without a code'));
    await user.click(screen.getByRole('button', { name: 'Create coupon' }));
    expect(errorOf('Code')).toBeUndefined();
    expect(requests).toHaveLength(0);
  });

  it("puts the API's field errors and business rules next to their fields", async () => {
    const requests = stubApi(
      problem(400, 'validation_failed', 'The request is not valid.', [
        { path: 'body.name', message: 'must NOT have more than 200 characters' },
      ]),
      problem(409, 'coupon_code_taken', 'The code SPRING is already used by another coupon of this store.'),
      Response.json(
        { ...COUPON, id: '01a24a11-9fbf-756a-b251-b3be3b016400', code: 'SPRING2', name: 'Spring' },
        { status: 201 },
      ),
    );
    const { user, onSaved } = renderForm(null);
    await user.type(screen.getByLabelText('Name'), 'Spring');
    await user.type(screen.getByLabelText('Code'), 'spring');
    await user.type(screen.getByLabelText('Discount (%)'), '10');
    await user.click(screen.getByRole('button', { name: 'Create coupon' }));
    await waitFor(() => expect(errorOf('Name')).toBe('must NOT have more than 200 characters'));
    expect(screen.getByRole('alert').textContent).toContain('Some fields need your attention.');

    await user.click(screen.getByRole('button', { name: 'Create coupon' }));
    await waitFor(() => expect(errorOf('Code')).toBe('Another coupon of this store already uses this code.'));
    expect(await requests[1]?.json()).toMatchObject({
      code: 'SPRING',
      name: 'Spring',
      kind: 'percentage',
      value: 1000,
    });

    await user.clear(screen.getByLabelText('Code'));
    await user.type(screen.getByLabelText('Code'), 'spring2');
    await user.click(screen.getByRole('button', { name: 'Create coupon' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ code: 'SPRING2' }), true));
    expect(requests[2]?.method).toBe('POST');
  });

  it('saves a change with If-Match and offers to reload after a 412', async () => {
    const requests = stubApi(problem(412, 'precondition_failed', 'Changed.'));
    const { user, onReload } = renderForm(COUPON);
    expect(screen.getByLabelText<HTMLInputElement>('Discount (%)').value).toBe('10');
    await user.type(screen.getByLabelText('Total uses'), '2');
    await user.click(screen.getByRole('button', { name: 'Save coupon' }));
    await user.click(await screen.findByRole('button', { name: 'Load the latest version' }));
    expect(onReload).toHaveBeenCalled();
    expect(requests[0]?.method).toBe('PATCH');
    expect(requests[0]?.headers.get('If-Match')).toBe('"2"');
    expect(await requests[0]?.json()).toMatchObject({ usageLimit: 2, perCustomerLimit: 1 });
  });

  it('shows the limit below the uses so far next to the usage limit', async () => {
    stubApi(problem(422, 'usage_limit_below_used', 'The coupon was already used 3 times; the limit cannot be lower.'));
    const { user } = renderForm(COUPON);
    await user.type(screen.getByLabelText('Total uses'), '1');
    await user.click(screen.getByRole('button', { name: 'Save coupon' }));
    await waitFor(() => expect(errorOf('Total uses')).toBe('The coupon was already used more often than this.'));
  });
});
