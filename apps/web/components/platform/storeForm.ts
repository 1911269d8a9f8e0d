/**
 * The store form's rules (the API's, checked before sending so mistakes show at once) and the
 * conversions between what the platform admin types and what the API takes.
 */
import type { components, paths } from '@bazaar/sdk';
import { checkPassword } from '../account/PasswordRules';

export type Tenant = components['schemas']['Tenant'];
export type TenantStatus = Tenant['status'];
export const TENANT_STATUSES = ['active', 'suspended'] as const satisfies readonly TenantStatus[];

/** The orders the stores list can be read in (`sort`); the first is the API's default. */
export type TenantSort = NonNullable<
  NonNullable<paths['/api/v1/platform/tenants']['get']['parameters']['query']>['sort']
>;
export const TENANT_SORTS = [
  'createdAt',
  '-createdAt',
  'name',
  '-name',
  'slug',
  '-slug',
] as const satisfies readonly TenantSort[];

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const CURRENCY_RE = /^[A-Z]{3}$/;
export const LOCALE_RE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
export const DOMAIN_RE = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(\\.${HOST_LABEL})*$`);
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Slugs the API refuses (they name the platform's own paths and hosts). */
export const RESERVED_SLUGS = ['api', 'www', 'admin', 'platform', 'static', 'assets', 'docs'];
export const MAX_LIST = 20;
export const NAME_MAX = 200;

/** What the store form holds, as typed. */
export interface StoreDraft {
  name: string;
  slug: string;
  currency: string;
  defaultLocale: string;
  /** Other languages, separated by commas or spaces. */
  locales: string;
  /** Host names, one a line (commas work too). */
  domains: string;
}

export interface OwnerDraft {
  email: string;
  name: string;
  password: string;
}

/** A validation problem: the field's path (as the API names it) and a message key with its values. */
export interface Invalid {
  path: string;
  key: string;
  values?: Record<string, string>;
}

/** Items of a list typed as text: split on commas, spaces and new lines, empties dropped. */
export const splitList = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The unique items of a list, in order (the API refuses duplicates). */
export const unique = (items: readonly string[]): string[] => [...new Set(items)];

/** Host names as typed: lower case, without a scheme, path or trailing dot pasted with them. */
export const parseDomains = (text: string): string[] =>
  unique(
    splitList(text).map((d) =>
      d
        .toLowerCase()
        .replace(/^[a-z]+:\/\//, '')
        .replace(/[/?#].*$/, '')
        .replace(/\.$/, ''),
    ),
  );

/** The languages other than the default, as the API stores them (`[default, ...others]`). */
export const localesOf = (defaultLocale: string, others: string): string[] =>
  unique([defaultLocale.trim(), ...splitList(others)].filter(Boolean));

/** A slug suggested by a store's name: `Gamma Goods & Co.` → `gamma-goods-co`. */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** Whether a code is an ISO 4217 currency the runtime knows (every code when it cannot tell). */
export function knownCurrency(code: string): boolean {
  const supported = (Intl as { supportedValuesOf?: (key: 'currency') => string[] }).supportedValuesOf;
  return typeof supported !== 'function' || supported('currency').includes(code);
}

/** The store's own fields: name, currency, default language, other languages, domains. */
export function checkStore(draft: StoreDraft): Invalid[] {
  const out: Invalid[] = [];
  const name = draft.name.trim();
  if (!name) out.push({ path: 'name', key: 'required' });
  else if (name.length > NAME_MAX) out.push({ path: 'name', key: 'name' });
  const currency = draft.currency.trim();
  if (!currency) out.push({ path: 'defaultCurrency', key: 'required' });
  else if (!CURRENCY_RE.test(currency) || !knownCurrency(currency))
    out.push({ path: 'defaultCurrency', key: 'currency' });
  const locale = draft.defaultLocale.trim();
  if (!locale) out.push({ path: 'defaultLocale', key: 'required' });
  else if (!LOCALE_RE.test(locale) || locale.length > 35) out.push({ path: 'defaultLocale', key: 'locale' });
  const locales = splitList(draft.locales);
  const badLocales = locales.filter((l) => !LOCALE_RE.test(l) || l.length > 35);
  if (badLocales.length > 0) out.push({ path: 'locales', key: 'locales', values: { tags: badLocales.join(', ') } });
  else if (localesOf(locale, draft.locales).length > MAX_LIST) out.push({ path: 'locales', key: 'tooManyLocales' });
  const domains = parseDomains(draft.domains);
  const badDomains = domains.filter((d) => !DOMAIN_RE.test(d));
  if (badDomains.length > 0) out.push({ path: 'domains', key: 'domains', values: { hosts: badDomains.join(', ') } });
  else if (domains.length > MAX_LIST) out.push({ path: 'domains', key: 'tooManyDomains' });
  return out;
}

/** A new store: its slug and fields, and its owner. */
export function checkNewStore(draft: StoreDraft, owner: OwnerDraft): Invalid[] {
  const out: Invalid[] = [];
  const slug = draft.slug.trim();
  if (!slug) out.push({ path: 'slug', key: 'required' });
  else if (slug.length < 2 || !SLUG_RE.test(slug)) out.push({ path: 'slug', key: 'slug' });
  else if (RESERVED_SLUGS.includes(slug)) out.push({ path: 'slug', key: 'slugReserved' });
  out.push(...checkStore(draft));
  const email = owner.email.trim();
  if (!email) out.push({ path: 'owner.email', key: 'required' });
  else if (!EMAIL_RE.test(email) || email.length > 254) out.push({ path: 'owner.email', key: 'email' });
  if (owner.name.trim().length > NAME_MAX) out.push({ path: 'owner.name', key: 'name' });
  if (owner.password) {
    const password = checkPassword(owner.password, email);
    if (!password.length) out.push({ path: 'owner.password', key: 'passwordLength' });
    else if (!password.notEmail) out.push({ path: 'owner.password', key: 'passwordEmail' });
  }
  return out;
}

/** The body of `POST /api/v1/platform/tenants` for a checked draft. */
export function createBody(draft: StoreDraft, owner: OwnerDraft) {
  const defaultLocale = draft.defaultLocale.trim();
  return {
    slug: draft.slug.trim(),
    name: draft.name.trim(),
    defaultCurrency: draft.currency.trim(),
    defaultLocale,
    locales: localesOf(defaultLocale, draft.locales),
    domains: parseDomains(draft.domains),
    owner: {
      email: owner.email.trim(),
      ...(owner.name.trim() ? { name: owner.name.trim() } : {}),
      ...(owner.password ? { password: owner.password } : {}),
    },
  };
}

/** The form's text for a store as loaded. */
export const draftOf = (tenant: Tenant): StoreDraft => ({
  name: tenant.name,
  slug: tenant.slug,
  currency: tenant.defaultCurrency,
  defaultLocale: tenant.defaultLocale,
  locales: tenant.locales.filter((l) => l !== tenant.defaultLocale).join(', '),
  domains: tenant.domains.join('\n'),
});

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The `PATCH` body for what changed (empty when nothing did). */
export function changesOf(tenant: Tenant, draft: StoreDraft) {
  const name = draft.name.trim();
  const currency = draft.currency.trim();
  const defaultLocale = draft.defaultLocale.trim();
  const locales = localesOf(defaultLocale, draft.locales);
  const domains = parseDomains(draft.domains);
  return {
    ...(name !== tenant.name ? { name } : {}),
    ...(currency !== tenant.defaultCurrency ? { defaultCurrency: currency } : {}),
    ...(defaultLocale !== tenant.defaultLocale ? { defaultLocale } : {}),
    ...(!sameList(locales, tenant.locales) ? { locales } : {}),
    ...(!sameList(domains, tenant.domains) ? { domains } : {}),
  };
}

/**
 * Where the store's pages are, seen from the platform console: its first own domain over HTTPS, or
 * for a `*.localhost` setup (development) the slug's host on this port. Null when neither applies.
 */
export function storeOrigin(
  tenant: Pick<Tenant, 'slug' | 'domains'>,
  here: Pick<Location, 'protocol' | 'hostname' | 'port'>,
): string | null {
  const own = tenant.domains.find((d) => d !== 'localhost' && !d.endsWith('.localhost'));
  if (own) return `https://${own}`;
  if (here.hostname === 'localhost' || here.hostname.endsWith('.localhost')) {
    return `${here.protocol}//${tenant.slug}.localhost${here.port ? `:${here.port}` : ''}`;
  }
  return null;
}

/** API problem codes that belong to one field of the store form. */
export const FIELD_OF_CODE: Record<string, string> = {
  tenant_slug_taken: 'slug',
  tenant_slug_reserved: 'slug',
  tenant_slug_invalid: 'slug',
  tenant_domain_taken: 'domains',
  unknown_currency: 'defaultCurrency',
  email_taken: 'owner.email',
};
