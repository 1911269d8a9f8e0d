import { describe, expect, it } from 'vitest';
import {
  blankVariant,
  createBody,
  draftOf,
  emptyDraft,
  fieldOfPath,
  snapshot,
  splitValues,
  syncVariants,
  updateBody,
  validateDraft,
  variantLabel,
  withStockOf,
} from './productForm';
import type { OptionDraft, ProductDraft } from './productForm';

const colour = (...values: string[]): OptionDraft => ({ key: 'colour', name: 'Colour', values });
const size = (...values: string[]): OptionDraft => ({ key: 'size', name: 'Size', values });

function filled(draft: ProductDraft): ProductDraft {
  return {
    ...draft,
    title: 'Linen napkin',
    categoryId: '01a24a11-9aee-721d-99fc-845a15407edb',
    variants: draft.variants.map((v, i) => ({ ...v, sku: `NAP-${i}`, price: '12.50', stock: '3' })),
  };
}

describe('syncVariants', () => {
  it('makes one variant per combination, the first option outermost', () => {
    const variants = syncVariants([colour('Sage', 'Sand'), size('S', 'M')], []);
    const options = [colour('Sage', 'Sand'), size('S', 'M')];
    expect(variants.map((v) => variantLabel(options, v))).toEqual(['Sage / S', 'Sage / M', 'Sand / S', 'Sand / M']);
  });

  it('keeps the single variant on the first value of a new option, and its SKU and price', () => {
    const start = { ...blankVariant(), id: 'v1', sku: 'NAP', price: '9.00' };
    const [sage, sand] = syncVariants([colour('Sage', 'Sand')], [start]);
    expect(sage).toMatchObject({ id: 'v1', sku: 'NAP', price: '9.00', combo: { colour: 'Sage' } });
    expect(sand).toMatchObject({ sku: '', price: '', combo: { colour: 'Sand' } });
    expect(sand?.id).toBeUndefined();
  });

  it('matches variants by their values, so adding or removing a value keeps the others', () => {
    const two = syncVariants([colour('Sage', 'Sand')], [blankVariant()]).map((v, i) => ({ ...v, sku: `S${i}` }));
    const three = syncVariants([colour('Sage', 'Sand', 'Slate')], two);
    expect(three.map((v) => v.sku)).toEqual(['S0', 'S1', '']);
    const without = syncVariants([colour('Sand', 'Slate')], three);
    expect(without.map((v) => v.sku)).toEqual(['S1', '']);
  });
});

describe('validateDraft', () => {
  it('asks for a title, a category, a price and a SKU', () => {
    expect(validateDraft(emptyDraft(), 'USD')).toMatchObject({
      title: { key: 'required' },
      categoryId: { key: 'required' },
      'variants.0.sku': { key: 'required' },
      'variants.0.price': { key: 'required' },
    });
    expect(validateDraft(filled(emptyDraft()), 'USD')).toEqual({});
  });

  it('refuses bad amounts, negative prices, fractional stock and a compare-at price below the price', () => {
    const draft = filled(emptyDraft());
    const bad = (patch: Partial<ProductDraft['variants'][number]>) =>
      validateDraft({ ...draft, variants: [{ ...draft.variants[0]!, ...patch }] }, 'USD');
    expect(bad({ price: 'abc' })['variants.0.price']).toEqual({ key: 'invalidAmount' });
    expect(bad({ price: '-1' })['variants.0.price']).toEqual({ key: 'invalidAmount' });
    expect(bad({ price: '1.234' })['variants.0.price']).toEqual({ key: 'invalidAmount' });
    expect(bad({ price: '12,5' })).toEqual({});
    expect(bad({ stock: '1.5' })['variants.0.stock']).toEqual({ key: 'invalidNumber' });
    expect(bad({ stock: '-2' })['variants.0.stock']).toEqual({ key: 'invalidNumber' });
    expect(bad({ weight: 'heavy' })['variants.0.weight']).toEqual({ key: 'invalidNumber' });
    expect(bad({ compareAtPrice: '10' })['variants.0.compareAtPrice']).toEqual({ key: 'compareBelowPrice' });
    expect(bad({ sku: 'has space' })['variants.0.sku']).toEqual({ key: 'invalidSku' });
  });

  it('finds duplicate SKUs and option names, and options without values', () => {
    const options = [colour('Sage', 'Sand'), { key: 'c2', name: 'colour ', values: [] }];
    const draft = filled({ ...emptyDraft(), options, variants: syncVariants(options, []) });
    draft.variants[1]!.sku = 'NAP-0';
    const issues = validateDraft(draft, 'USD');
    expect(issues['variants.0.sku']).toEqual({ key: 'duplicateSku' });
    expect(issues['variants.1.sku']).toEqual({ key: 'duplicateSku' });
    expect(issues['options.1.name']).toEqual({ key: 'duplicateOption' });
    expect(issues['options.1.values']).toEqual({ key: 'noValues' });
  });
});

describe('request bodies', () => {
  const options = [colour('Sage', 'Sand')];
  const draft = filled({ ...emptyDraft(), options, variants: syncVariants(options, []) });

  it('creates with amounts in minor units and each variant’s option values by name', () => {
    expect(createBody({ ...draft, description: ' Soft. ' }, 'USD')).toEqual({
      title: 'Linen napkin',
      description: 'Soft.',
      categoryId: draft.categoryId,
      options: [{ name: 'Colour', values: ['Sage', 'Sand'] }],
      variants: [
        { sku: 'NAP-0', price: { amount: 1250, currency: 'USD' }, stock: 3, options: { Colour: 'Sage' } },
        { sku: 'NAP-1', price: { amount: 1250, currency: 'USD' }, stock: 3, options: { Colour: 'Sand' } },
      ],
    });
  });

  it('updates the whole product: ids kept, empty compare-at price and weight cleared', () => {
    const saved = { ...draft, variants: draft.variants.map((v, i) => ({ ...v, id: `id-${i}`, active: i === 0 })) };
    const body = updateBody(saved, 'EUR');
    expect(body.options).toEqual([{ name: 'Colour', values: ['Sage', 'Sand'] }]);
    expect(body.variants?.[1]).toEqual({
      id: 'id-1',
      sku: 'NAP-1',
      price: { amount: 1250, currency: 'EUR' },
      compareAtPrice: null,
      stock: 3,
      weight: null,
      options: { Colour: 'Sand' },
      active: false,
    });
    expect('slug' in updateBody({ ...saved, slug: ' ' }, 'EUR')).toBe(false);
  });

  it('sends a saved variant’s stock only when the vendor changed it, a new variant’s always', () => {
    const loaded = {
      ...draft,
      variants: [
        { ...draft.variants[0]!, id: 'id-0', stock: '3', loadedStock: '3' },
        { ...draft.variants[1]!, id: 'id-1', stock: ' 8 ', loadedStock: '3' },
        { ...blankVariant({ colour: 'Slate' }), sku: 'NAP-2', price: '1', stock: '0' },
      ],
    };
    const [kept, changed, added] = updateBody(loaded, 'USD').variants ?? [];
    expect(kept).toMatchObject({ id: 'id-0', sku: 'NAP-0' });
    expect(kept && 'stock' in kept).toBe(false);
    expect(changed).toMatchObject({ id: 'id-1', stock: 8 });
    expect(added).toMatchObject({ sku: 'NAP-2', stock: 0 });
  });
});

describe('reloading a product', () => {
  const variant = (id: string, stock: number, position: number) => ({
    id,
    sku: `NAP-${position}`,
    options: {},
    price: { amount: 1250, currency: 'USD' },
    compareAtPrice: null,
    stock,
    reserved: 0,
    available: stock,
    weight: null,
    active: true,
    position,
    version: 1,
  });
  const product = (stocks: [number, number]) =>
    ({
      title: 'Linen napkin',
      description: '',
      categoryId: null,
      slug: 'linen-napkin',
      options: [],
      variants: [variant('a', stocks[0], 0), variant('b', stocks[1], 1)],
    }) as unknown as Parameters<typeof draftOf>[0];

  it('loads each variant’s stock as its loaded stock, and compares content without stock', () => {
    const before = draftOf(product([5, 5]));
    const after = draftOf(product([3, 5]));
    expect(before.variants.map((v) => v.loadedStock)).toEqual(['5', '5']);
    expect(snapshot(before)).not.toBe(snapshot(after));
    expect(snapshot(before, { stock: false })).toBe(snapshot(after, { stock: false }));
  });

  it('takes the fresh stock of the variants the vendor left alone, and keeps the one they changed', () => {
    const before = draftOf(product([5, 5]));
    const edited = { ...before, variants: before.variants.map((v, i) => (i === 1 ? { ...v, stock: '9' } : v)) };
    const rebased = withStockOf(edited, draftOf(product([3, 4])));
    expect(rebased.variants.map((v) => [v.stock, v.loadedStock])).toEqual([
      ['3', '3'],
      ['9', '4'],
    ]);
  });
});

describe('helpers', () => {
  it('splits typed values on commas, trimmed and without repeats', () => {
    expect(splitValues(' Sage,  Sand , sage,Sage,, ', ['Sand'])).toEqual(['Sage', 'sage']);
  });

  it('finds the field an API path points into', () => {
    const fields = new Set(['title', 'variants.0.price', 'options.1.values']);
    expect(fieldOfPath('variants.0.price.amount', fields)).toBe('variants.0.price');
    expect(fieldOfPath('options.1.values.3', fields)).toBe('options.1.values');
    expect(fieldOfPath('translations.de', fields)).toBeNull();
  });
});
