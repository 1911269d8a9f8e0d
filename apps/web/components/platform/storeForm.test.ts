import { describe, expect, it } from 'vitest';
import {
  changesOf,
  checkNewStore,
  checkStore,
  createBody,
  draftOf,
  parseDomains,
  storeOrigin,
  suggestSlug,
} from './storeForm';
import type { OwnerDraft, StoreDraft, Tenant } from './storeForm';

const draft: StoreDraft = {
  name: 'Gamma Goods',
  slug: 'gamma',
  currency: 'EUR',
  defaultLocale: 'de',
  locales: 'en, fr',
  domains: 'gamma.example.com\nshop.gamma.example.com',
};
const owner: OwnerDraft = { email: 'owner@gamma.test', name: 'Greta', password: '' };
const tenant: Tenant = {
  id: '01a24a11-9a72-7013-b122-257d765ff771',
  slug: 'gamma',
  name: 'Gamma Goods',
  status: 'active',
  defaultCurrency: 'EUR',
  defaultLocale: 'de',
  locales: ['de', 'en', 'fr'],
  domains: ['gamma.example.com', 'shop.gamma.example.com'],
  version: 4,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('store form rules', () => {
  it('accepts a complete store and builds the API body', () => {
    expect(checkNewStore(draft, owner)).toEqual([]);
    expect(createBody(draft, owner)).toEqual({
      slug: 'gamma',
      name: 'Gamma Goods',
      defaultCurrency: 'EUR',
      defaultLocale: 'de',
      locales: ['de', 'en', 'fr'],
      domains: ['gamma.example.com', 'shop.gamma.example.com'],
      owner: { email: 'owner@gamma.test', name: 'Greta' },
    });
  });

  it('names each broken rule by the path the API uses', () => {
    const paths = (d: Partial<StoreDraft>, o: Partial<OwnerDraft> = {}) =>
      checkNewStore({ ...draft, ...d }, { ...owner, ...o }).map((i) => `${i.path}:${i.key}`);
    expect(paths({ name: ' ', slug: '' }, { email: '' })).toEqual([
      'slug:required',
      'name:required',
      'owner.email:required',
    ]);
    expect(paths({ slug: 'Gamma Goods' })).toEqual(['slug:slug']);
    expect(paths({ slug: 'g' })).toEqual(['slug:slug']);
    expect(paths({ slug: 'admin' })).toEqual(['slug:slugReserved']);
    expect(paths({ currency: 'EURO' })).toEqual(['defaultCurrency:currency']);
    expect(paths({ currency: 'XYZ' })).toEqual(['defaultCurrency:currency']);
    expect(paths({ defaultLocale: 'german!' })).toEqual(['defaultLocale:locale']);
    expect(paths({ locales: 'en, fr_FR' })).toEqual(['locales:locales']);
    expect(paths({ domains: 'shop.example.com\nbad_host!' })).toEqual(['domains:domains']);
    expect(paths({}, { email: 'not-an-email' })).toEqual(['owner.email:email']);
    expect(paths({}, { password: 'short' })).toEqual(['owner.password:passwordLength']);
    expect(paths({}, { password: 'owner@gamma.test-secret' })).toEqual(['owner.password:passwordEmail']);
  });

  it('tidies domains and suggests slugs', () => {
    expect(parseDomains('https://Shop.Example.com/path\nshop.example.com, b.example.org.')).toEqual([
      'shop.example.com',
      'b.example.org',
    ]);
    expect(suggestSlug('  Gämma Goods & Co. ')).toBe('gamma-goods-co');
    expect(suggestSlug('')).toBe('');
  });

  it('sends only what changed', () => {
    expect(changesOf(tenant, draftOf(tenant))).toEqual({});
    expect(changesOf(tenant, { ...draftOf(tenant), name: ' Gamma ', domains: 'gamma.example.com' })).toEqual({
      name: 'Gamma',
      domains: ['gamma.example.com'],
    });
    expect(changesOf(tenant, { ...draftOf(tenant), defaultLocale: 'en', locales: 'de, fr' })).toEqual({
      defaultLocale: 'en',
      locales: ['en', 'de', 'fr'],
    });
    expect(checkStore({ ...draftOf(tenant), domains: '' })).toEqual([]);
  });

  it("finds the store's address", () => {
    const dev = { protocol: 'http:', hostname: 'demo.localhost', port: '3000' };
    expect(storeOrigin({ slug: 'gamma', domains: ['gamma.example.com'] }, dev)).toBe('https://gamma.example.com');
    expect(storeOrigin({ slug: 'gamma', domains: ['gamma.localhost'] }, dev)).toBe('http://gamma.localhost:3000');
    expect(
      storeOrigin({ slug: 'gamma', domains: [] }, { protocol: 'https:', hostname: 'admin.example.net', port: '' }),
    ).toBeNull();
  });
});
