import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { OWNER } from '../admin/orders/fixtures';
import { ConsoleValueProvider } from './ConsoleProvider';
import type { Me } from './ConsoleProvider';
import { VendorPicker } from './VendorPicker';
import type { VendorOption, VendorStatus } from './VendorPicker';

afterEach(() => vi.unstubAllGlobals());

const A = { id: '01a24a11-9aeb-70d9-812f-bdeb8191a514', name: 'Second Shelf' };
const B = { id: '01a24a11-9aeb-70d9-812f-bdeb8191a515', name: 'Paper Studio' };
const C = { id: '01a24a11-9aeb-70d9-812f-bdeb8191a516', name: 'Kiln House' };

function stubVendors(next: string | null = null) {
  const urls: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      const url = new URL(input.url);
      urls.push(url);
      if (url.pathname === `/api/v1/admin/vendors/${C.id}`) return Response.json(C);
      const q = url.searchParams.get('q');
      const data = q ? [A, B].filter((v) => v.name.toLowerCase().includes(q.toLowerCase())) : [A, B];
      return Response.json({ data, meta: { limit: 50, cursor: null }, links: { self: '/x', next, prev: null } });
    }),
  );
  return urls;
}

function renderPicker(props: { value?: string | null; status?: VendorStatus; error?: string } = {}, me: Me = OWNER) {
  const onChange = vi.fn<(vendor: VendorOption | null) => void>();
  renderWithStore(
    <ConsoleValueProvider me={me}>
      <VendorPicker
        label="Vendor"
        emptyLabel="All vendors"
        value={props.value ?? null}
        onChange={onChange}
        {...props}
      />
    </ConsoleValueProvider>,
  );
  return { onChange, user: userEvent.setup() };
}

describe('VendorPicker', () => {
  it('offers the first vendors (of a status) and answers the chosen one, or null', async () => {
    const urls = stubVendors();
    const { onChange, user } = renderPicker({ status: 'approved' });
    const select = screen.getByLabelText('Vendor');
    await within(select).findByRole('option', { name: 'Paper Studio' });
    expect(urls[0]?.searchParams.get('status')).toBe('approved');
    // Everything fits in the list: no search box.
    expect(screen.queryByLabelText('Find a vendor')).toBeNull();
    await user.selectOptions(select, B.id);
    expect(onChange).toHaveBeenLastCalledWith(B);
    await user.selectOptions(select, '');
    expect(onChange).toHaveBeenLastCalledWith(null);
  });

  it('searches on the server when there are more vendors than fit', async () => {
    const urls = stubVendors('/api/v1/admin/vendors?cursor=x');
    const { user } = renderPicker();
    const search = await screen.findByLabelText('Find a vendor');
    await user.type(search, 'paper');
    await waitFor(() => expect(urls.some((u) => u.searchParams.get('q') === 'paper')).toBe(true));
    const select = screen.getByLabelText('Vendor');
    await waitFor(() => expect(within(select).queryByRole('option', { name: 'Second Shelf' })).toBeNull());
    expect(within(select).getByRole('option', { name: 'Paper Studio' })).toBeTruthy();
    expect(await screen.findByText('1 vendor found: choose it in the vendor list.')).toBeTruthy();
  });

  it('shares the first page between pickers shown together', async () => {
    const urls = stubVendors();
    const onChange = vi.fn();
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <VendorPicker label="First" emptyLabel="Every vendor" value={null} onChange={onChange} />
        <VendorPicker label="Second" emptyLabel="Every vendor" value={null} onChange={onChange} />
      </ConsoleValueProvider>,
    );
    await within(screen.getByLabelText('First')).findByRole('option', { name: 'Second Shelf' });
    await within(screen.getByLabelText('Second')).findByRole('option', { name: 'Second Shelf' });
    expect(urls).toHaveLength(1);
  });

  it('names a chosen vendor the list does not show', async () => {
    stubVendors();
    renderPicker({ value: C.id });
    const select = screen.getByLabelText<HTMLSelectElement>('Vendor');
    await within(select).findByRole('option', { name: 'Kiln House' });
    expect(select.value).toBe(C.id);
  });

  it('is not there for an account that may not list vendors', () => {
    const urls = stubVendors();
    renderPicker({}, { ...OWNER, permissions: ['orders:read:any'] });
    expect(screen.queryByLabelText('Vendor')).toBeNull();
    expect(urls).toHaveLength(0);
  });
});
