import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ConsoleValueProvider } from '../../console/ConsoleProvider';
import { OWNER, problem, stubFetch } from '../moderation/fixtures';
import { CategoryForm } from './CategoryForm';
import { categoryChanges, categoryValues } from './categoryForm';
import { buildTree, childrenOf, flatten, positionAfter, reorderPlan, siblingsOf, subtreeIds } from './categoryTree';
import type { AdminCategory } from './categoryTree';

vi.mock('next/navigation', () => ({
  useRouter: () => ({ push: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }),
  usePathname: () => '/admin/categories',
  useSearchParams: () => new URLSearchParams(),
}));

afterEach(() => vi.unstubAllGlobals());

const id = (n: number) => `01a24a11-9aed-73f7-addd-${String(n).padStart(12, '0')}`;

function category(n: number, name: string, parent: number | null, position = 0): AdminCategory {
  return {
    id: id(n),
    slug: name.toLowerCase(),
    name,
    description: '',
    parentId: parent === null ? null : id(parent),
    position,
    translations: {},
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
    version: 1,
  };
}

const FLAT = [
  category(1, 'Home', null, 0),
  category(2, 'Textiles', 1, 0),
  category(3, 'Kitchen', 1, 0),
  category(4, 'Books', null, 1),
  category(5, 'Mugs', 3, 0),
  { ...category(6, 'Gone', null, 2), deletedAt: '2026-12-02T10:00:00.000Z' },
];

describe('the category tree', () => {
  it('nests by parent and orders siblings by position, then name', () => {
    const tree = buildTree(FLAT);
    expect(flatten(tree).map((n) => `${'-'.repeat(n.depth)}${n.category.name}`)).toEqual([
      'Home',
      '-Kitchen',
      '--Mugs',
      '-Textiles',
      'Books',
    ]);
    expect([...subtreeIds(tree, id(1))].sort()).toEqual([id(1), id(2), id(3), id(5)].sort());
    expect(siblingsOf(tree, id(2)).map((c) => c.name)).toEqual(['Kitchen', 'Textiles']);
    expect(childrenOf(tree, null).map((c) => c.name)).toEqual(['Home', 'Books']);
    expect(positionAfter(childrenOf(tree, null))).toBe(2);
    expect(positionAfter([])).toBe(0);
  });

  it('moves a category by renumbering its siblings, writing only what changes', () => {
    const siblings = siblingsOf(buildTree(FLAT), id(2));
    expect(reorderPlan(siblings, id(2), -1).map((p) => [p.category.name, p.position])).toEqual([['Kitchen', 1]]);
    expect(reorderPlan(siblings, id(3), -1)).toEqual([]);
    expect(reorderPlan(siblings, id(2), 1)).toEqual([]);
  });
});

describe('categoryChanges', () => {
  it('keeps translations the form does not edit, and sends only changes', () => {
    const kitchen = { ...category(3, 'Kitchen', 1), translations: { de: { name: 'Küche' }, fr: { name: 'Cuisine' } } };
    const values = categoryValues(kitchen, null, ['de']);
    expect(values.translations).toEqual({ de: { name: 'Küche', description: '' } });
    expect(categoryChanges(kitchen, values)).toEqual({ body: {}, errors: {} });
    const changed = { ...values, translations: { de: { name: 'Küchen', description: 'Für die Küche' } } };
    expect(categoryChanges(kitchen, changed).body).toEqual({
      translations: { fr: { name: 'Cuisine' }, de: { name: 'Küchen', description: 'Für die Küche' } },
    });
    expect(categoryChanges(kitchen, { ...values, parentId: '' }).body).toEqual({ parentId: null });
    expect(categoryChanges(kitchen, { ...values, name: ' ', slug: 'Not A Slug' }).errors).toEqual({
      name: 'required',
      slug: 'invalidSlug',
    });
  });

  it('builds a new category without a slug (the API makes one)', () => {
    const values = { ...categoryValues(null, id(1), ['de']), name: 'Linen' };
    expect(categoryChanges(null, values)).toEqual({ body: { name: 'Linen', parentId: id(1) }, errors: {} });
  });
});

describe('CategoryForm', () => {
  it('adds a subcategory at the end of its siblings and shows a slug in use next to the slug', async () => {
    const { requests } = stubFetch(
      problem(409, 'slug_taken', 'The slug "mugs" is already used in this store; choose another.'),
      Response.json({ ...category(7, 'Cups', 3, 1) }, { status: 201 }),
    );
    const onSaved = vi.fn();
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <CategoryForm
          category={null}
          parentId={id(3)}
          tree={buildTree(FLAT)}
          locales={['de']}
          onSaved={onSaved}
          onReload={vi.fn()}
        />
      </ConsoleValueProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add category' }));
    expect(screen.getByText('This field is required.')).toBeTruthy();
    expect(requests).toHaveLength(0);

    await user.type(screen.getByLabelText('Name'), 'Cups');
    await user.type(screen.getByLabelText('Address (slug)'), 'mugs');
    await user.type(screen.getByLabelText('Name in German'), 'Tassen');
    await user.click(screen.getByRole('button', { name: 'Add category' }));
    await screen.findByText('Another category already uses this address.');
    expect(screen.getByLabelText('Address (slug)').getAttribute('aria-invalid')).toBe('true');
    expect(await requests[0]?.json()).toEqual({
      name: 'Cups',
      slug: 'mugs',
      parentId: id(3),
      position: 1,
      translations: { de: { name: 'Tassen' } },
    });

    await user.clear(screen.getByLabelText('Address (slug)'));
    await user.click(screen.getByRole('button', { name: 'Add category' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ name: 'Cups' }), true));
  });

  it('does not offer a category, or anything below it, as its own parent', () => {
    stubFetch();
    renderWithStore(
      <ConsoleValueProvider me={OWNER}>
        <CategoryForm
          category={FLAT[0]!}
          tree={buildTree(FLAT)}
          locales={['de']}
          onSaved={vi.fn()}
          onReload={vi.fn()}
        />
      </ConsoleValueProvider>,
    );
    const options = Array.from(screen.getByLabelText('Parent category').querySelectorAll('option')).map(
      (o) => o.textContent,
    );
    expect(options).toEqual(['None (top level)', 'Books']);
  });
});
