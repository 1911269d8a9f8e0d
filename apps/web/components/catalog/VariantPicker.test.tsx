import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Problem } from '@bazaar/sdk';
import { renderWithStore } from '../../test/render';
import type { ProductOption, Variant } from '../../lib/catalog-types';
import { VariantPicker } from './VariantPicker';
import type { AddToCart } from './VariantPicker';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** Options and variants as `GET /api/v1/products/{idOrSlug}` returns them: no Large in Blue. */
const options: ProductOption[] = [
  { name: 'Size', values: ['Medium', 'Large'] },
  { name: 'Colour', values: ['Green', 'Blue'] },
];

function variant(
  id: string,
  size: string,
  colour: string,
  price: number,
  available: number,
  compareAt?: number,
): Variant {
  return {
    id,
    sku: `BOWL-${size}-${colour}`.toUpperCase(),
    options: { Size: size, Colour: colour },
    price: usd(price),
    compareAtPrice: compareAt ? usd(compareAt) : null,
    available,
    inStock: available > 0,
    weight: 760,
  };
}

const variants: Variant[] = [
  variant('11111111-1111-4111-8111-111111111111', 'Medium', 'Green', 3600, 9),
  variant('22222222-2222-4222-8222-222222222222', 'Medium', 'Blue', 3800, 3, 4500),
  variant('33333333-3333-4333-8333-333333333333', 'Large', 'Green', 4200, 0),
];

const radio = (name: string) => screen.getByRole('radio', { name });
const addButton = () => screen.getByRole('button', { name: 'Add to cart' });
const quantity = () => screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Quantity' });

describe('VariantPicker', () => {
  it('starts on the first variant that can be bought, with its price and stock', () => {
    renderWithStore(<VariantPicker options={options} variants={variants} onAdd={vi.fn<AddToCart>()} />);
    expect((radio('Medium') as HTMLInputElement).checked).toBe(true);
    expect((radio('Green') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('$36.00')).toBeTruthy();
    expect(screen.getByText('In stock')).toBeTruthy();
  });

  it('changes price, compare-at and stock when another option is chosen', async () => {
    const user = userEvent.setup();
    renderWithStore(<VariantPicker options={options} variants={variants} onAdd={vi.fn<AddToCart>()} />);
    await user.click(radio('Blue'));
    expect(screen.getByText('$38.00')).toBeTruthy();
    expect(screen.getByText('Was $45.00')).toBeTruthy();
    expect(screen.getByText('Only 3 left')).toBeTruthy();
    expect(quantity().max).toBe('3');
  });

  it('disables values no variant has with the earlier choices, and moves to a combination that exists', async () => {
    const user = userEvent.setup();
    renderWithStore(<VariantPicker options={options} variants={variants} onAdd={vi.fn<AddToCart>()} />);
    await user.click(radio('Blue'));
    await user.click(radio('Large'));
    // Large comes only in Green: the colour follows, and Blue cannot be chosen with Large.
    expect((radio('Green') as HTMLInputElement).checked).toBe(true);
    expect((radio('Blue') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('$42.00')).toBeTruthy();
  });

  it('cannot add a sold-out variant', async () => {
    const user = userEvent.setup();
    const onAdd = vi.fn<AddToCart>();
    renderWithStore(<VariantPicker options={options} variants={variants} onAdd={onAdd} />);
    await user.click(radio('Large'));
    expect(screen.getByText('Out of stock')).toBeTruthy();
    expect((addButton() as HTMLButtonElement).disabled).toBe(true);
    expect(quantity().disabled).toBe(true);
    expect(onAdd).not.toHaveBeenCalled();
  });

  it('keeps the quantity between 1 and the stock', async () => {
    const user = userEvent.setup();
    const onAdd = vi.fn<AddToCart>().mockResolvedValue(null);
    renderWithStore(<VariantPicker options={options} variants={variants} onAdd={onAdd} />);
    await user.click(radio('Blue'));
    expect(quantity().min).toBe('1');
    fireEvent.change(quantity(), { target: { value: '7' } });
    expect(quantity().getAttribute('aria-invalid')).toBe('true');
    await user.click(addButton());
    expect(onAdd).not.toHaveBeenCalled();
    fireEvent.blur(quantity());
    expect(quantity().value).toBe('3');
    fireEvent.change(quantity(), { target: { value: '0' } });
    fireEvent.blur(quantity());
    expect(quantity().value).toBe('1');
  });

  it('adds the chosen variant and quantity, then says so in a live region', async () => {
    const user = userEvent.setup();
    const onAdd = vi.fn<AddToCart>().mockResolvedValue(null);
    renderWithStore(<VariantPicker options={options} variants={variants} onAdd={onAdd} />);
    await user.click(radio('Blue'));
    await user.clear(quantity());
    await user.type(quantity(), '2');
    await user.click(addButton());
    expect(onAdd).toHaveBeenCalledWith('22222222-2222-4222-8222-222222222222', 2);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Added to cart'));
  });

  it('shows the problem the cart answers with, translated when the code is known', async () => {
    const user = userEvent.setup();
    const problem: Problem = {
      type: 'https://bazaar.dev/problems/quantity_unavailable',
      title: 'Business rule violated',
      status: 422,
      detail: 'Only 9 of this item can be bought now.',
      instance: '/api/v1/carts/c/items',
      code: 'quantity_unavailable',
      requestId: 'r1',
    };
    const onAdd = vi
      .fn<AddToCart>()
      .mockResolvedValueOnce(problem)
      .mockResolvedValueOnce({ ...problem, code: 'other' });
    renderWithStore(<VariantPicker options={options} variants={variants} onAdd={onAdd} />);
    await user.click(addButton());
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Sorry, there is not enough stock for that quantity.'),
    );
    await user.click(addButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Only 9 of this item can be bought now.'));
  });

  it('works for a product without options', async () => {
    const user = userEvent.setup();
    const onAdd = vi.fn<AddToCart>().mockResolvedValue(null);
    const single = [{ ...variants[0]!, options: {} }];
    renderWithStore(<VariantPicker options={[]} variants={single} onAdd={onAdd} />);
    expect(screen.queryByRole('radio')).toBeNull();
    await user.click(addButton());
    expect(onAdd).toHaveBeenCalledWith('11111111-1111-4111-8111-111111111111', 1);
  });
});
