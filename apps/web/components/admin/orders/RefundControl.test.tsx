import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import type { Me } from '../../console/ConsoleProvider';
import { LINE_A, OWNER, STAFF, SUB_A, SUB_B, paidOrder } from './fixtures';
import { OrderDetail } from './OrderDetail';
import { RefundControl } from './RefundControl';
import { WHOLE_ORDER, planRefund, refundLimits } from './refund';
import type { RefundDraft } from './refund';
import type { AdminOrderDetail } from './types';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }),
  usePathname: () => '/admin/orders/x',
  useSearchParams: () => new URLSearchParams(),
}));

afterEach(() => vi.unstubAllGlobals());

const draft = (patch: Partial<RefundDraft>): RefundDraft => ({
  scope: SUB_A,
  kind: 'partial',
  amount: '',
  quantities: {},
  reason: 'Damaged',
  restock: false,
  ...patch,
});

const problem = (status: number, code: string, detail: string, errors?: { path: string; message: string }[]) =>
  Response.json(
    { type: 'about:blank', title: 'Problem', status, code, detail, instance: '/x', requestId: 'r', errors },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

function stubFetch(...answers: Response[]) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: Request) => {
    requests.push(input.clone());
    return answers.shift() ?? Response.json({}, { status: 500 });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, requests };
}

function renderControl(order: AdminOrderDetail, me: Me = OWNER) {
  const onRefunded = vi.fn();
  renderWithStore(
    <ConsoleValueProvider me={me}>
      <RefundControl order={order} onRefunded={onRefunded} />
    </ConsoleValueProvider>,
  );
  return { onRefunded, user: userEvent.setup() };
}

describe('planRefund', () => {
  it('refuses more than the sub-order has left, and needs a reason', () => {
    const order = paidOrder({ refunded: 1000 });
    expect(refundLimits(order).bySubOrder[SUB_A]).toBe(2800);
    expect(planRefund(order, draft({ amount: '28.01' })).errors.amount).toEqual({ key: 'amountTooHigh', max: 2800 });
    expect(planRefund(order, draft({ amount: '0' })).errors.amount).toEqual({ key: 'amountZero' });
    expect(planRefund(order, draft({ amount: '12,5x' })).errors.amount).toEqual({ key: 'invalidAmount' });
    expect(planRefund(order, draft({ amount: '5', reason: '  ' })).errors.reason).toEqual({ key: 'required' });
    expect(planRefund(order, draft({ amount: '28.00' }))).toEqual({
      errors: {},
      bodies: [{ subOrderId: SUB_A, amount: { amount: 2800, currency: 'USD' }, reason: 'Damaged' }],
    });
  });

  it('refunds items with their share of the line, and the whole order part by part', () => {
    const order = paidOrder({ twoVendors: true });
    expect(planRefund(order, draft({ kind: 'items', amount: '16.50' })).errors.items).toEqual({ key: 'noItems' });
    expect(
      planRefund(order, draft({ kind: 'items', amount: '16.50', quantities: { [LINE_A]: '3' } })).errors[
        `qty.${LINE_A}`
      ],
    ).toEqual({ key: 'quantityTooHigh', max: 2 });
    expect(
      planRefund(order, draft({ kind: 'items', amount: '16.50', quantities: { [LINE_A]: '1' }, restock: true })).bodies,
    ).toEqual([
      {
        subOrderId: SUB_A,
        amount: { amount: 1650, currency: 'USD' },
        reason: 'Damaged',
        restock: true,
        items: [{ lineId: LINE_A, quantity: 1 }],
      },
    ]);
    expect(
      planRefund(order, draft({ scope: WHOLE_ORDER, kind: 'full' })).bodies.map((b) => [b.subOrderId, b.amount.amount]),
    ).toEqual([
      [SUB_A, 3800],
      [SUB_B, 3800],
    ]);
  });
});

describe('RefundControl', () => {
  it('refuses an amount above what is left and a missing reason before sending anything', async () => {
    const { fetch } = stubFetch();
    const { user } = renderControl(paidOrder());
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '38.01');
    await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));

    expect(within(dialog).getByText('At most $38.00 is left to refund.')).toBeTruthy();
    expect(within(dialog).getByText('This field is required.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Amount (USD)').getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Amount (USD)'));
    expect(within(dialog).queryByRole('button', { name: 'Confirm refund' })).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends a confirmed partial refund once, with an Idempotency-Key', async () => {
    const order = paidOrder();
    const refund = {
      id: '01a24a11-b000-7000-8000-000000000001',
      orderId: order.id,
      subOrderId: SUB_A,
      amount: { amount: 500, currency: 'USD' },
      reason: 'Scratched',
      restock: false,
      items: [],
      status: 'succeeded',
      providerRef: 're_1',
      createdAt: '2026-12-01T11:00:00.000Z',
    };
    const { requests } = stubFetch(Response.json(refund, { status: 201 }));
    const { user, onRefunded } = renderControl(order);
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '5');
    await user.type(within(dialog).getByLabelText('Reason'), 'Scratched');
    await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
    expect(within(dialog).getByText('Refund $5.00 from DEMO-000042-1 (Demo Crafts)?')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));

    await waitFor(() => expect(onRefunded).toHaveBeenCalledWith([refund]));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(new URL(requests[0]!.url).pathname).toBe(`/api/v1/admin/orders/${order.id}/refunds`);
    expect(requests[0]?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(await requests[0]?.json()).toEqual({
      subOrderId: SUB_A,
      amount: { amount: 500, currency: 'USD' },
      reason: 'Scratched',
    });
  });

  it('moves focus to "Nothing left to refund." when the reloaded order has nothing left', async () => {
    stubFetch(Response.json({}, { status: 201 }));
    function Page() {
      const [order, setOrder] = useState(paidOrder());
      return <RefundControl order={order} onRefunded={() => setOrder(paidOrder({ refunded: 3800 }))} />;
    }
    const user = userEvent.setup();
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <Page />
      </ConsoleValueProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '5');
    await user.type(within(dialog).getByLabelText('Reason'), 'Scratched');
    await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
    await user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));

    // The Refund button that opened the dialog is gone: focus does not fall to <body>.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Nothing left to refund.')));
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
  });

  it("shows the API's refusal and its field message, then a new attempt gets a new key", async () => {
    const { requests } = stubFetch(
      problem(422, 'refund_exceeds_captured', 'At most $1.00 of this sub-order is left to refund.'),
      problem(400, 'validation_failed', 'Invalid body.', [{ path: '/body/reason', message: 'Too short.' }]),
    );
    const { user, onRefunded } = renderControl(paidOrder());
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '5');
    await user.type(within(dialog).getByLabelText('Reason'), 'Scratched');
    await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
    await user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));

    expect(await within(dialog).findByText('At most $1.00 of this sub-order is left to refund.')).toBeTruthy();
    // A definitive refusal goes back to the form.
    await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
    await user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));
    expect(await within(dialog).findByText('Too short.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(onRefunded).not.toHaveBeenCalled();
    expect(requests).toHaveLength(2);
    expect(requests[0]?.headers.get('Idempotency-Key')).not.toBe(requests[1]?.headers.get('Idempotency-Key'));
  });

  it('keeps the Idempotency-Key when the same attempt is retried after no answer', async () => {
    const { requests } = stubFetch(
      problem(503, 'provider_unavailable', 'Try again.'),
      Response.json({}, { status: 201 }),
    );
    const { user, onRefunded } = renderControl(paidOrder());
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Amount (USD)'), '5');
    await user.type(within(dialog).getByLabelText('Reason'), 'Scratched');
    await user.click(within(dialog).getByRole('button', { name: 'Review refund' }));
    await user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));
    expect(await within(dialog).findByRole('alert')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));
    await waitFor(() => expect(onRefunded).toHaveBeenCalled());
    expect(requests[0]?.headers.get('Idempotency-Key')).toBe(requests[1]?.headers.get('Idempotency-Key'));
  });

  it('speaks German', async () => {
    stubFetch();
    const user = userEvent.setup();
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <RefundControl order={paidOrder()} onRefunded={vi.fn()} />
      </ConsoleValueProvider>,
      { locale: 'de' },
    );
    await user.click(screen.getByRole('button', { name: 'Erstatten' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Betrag (USD)'), '99');
    await user.click(within(dialog).getByRole('button', { name: 'Erstattung prüfen' }));
    expect(within(dialog).getByText(/Es sind höchstens 38,00\s\$ zu erstatten\./)).toBeTruthy();
  });

  it('is not there for an account without orders:refund', () => {
    stubFetch();
    renderControl(paidOrder(), STAFF);
    expect(screen.queryByRole('button', { name: /refund/i })).toBeNull();
    expect(screen.queryByText('Nothing left to refund.')).toBeNull();
  });
});

describe('OrderDetail', () => {
  it('shows staff without orders:refund the order and its moves, but no refund control', async () => {
    stubFetch(Response.json(paidOrder()));
    renderWithStore(
      <ConsoleValueProvider me={STAFF}>
        <OrderDetail id="01a24a11-a8e1-729b-8745-a274dd3aad25" />
      </ConsoleValueProvider>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Order DEMO-000042' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mark as Processing' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancel order' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /refund/i })).toBeNull();
  });

  it('offers the owner a refund', async () => {
    stubFetch(Response.json(paidOrder()));
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <OrderDetail id="01a24a11-a8e1-729b-8745-a274dd3aad25" />
      </ConsoleValueProvider>,
    );
    expect(await screen.findByRole('button', { name: 'Refund' })).toBeTruthy();
  });
});
