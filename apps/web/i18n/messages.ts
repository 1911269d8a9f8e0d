/** The UI locales and their messages, one JSON file per area (`messages/<locale>/<area>.json`). */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** Areas of the UI; each has `messages/en/<area>.json` and `messages/de/<area>.json` with the same keys. */
export const STOREFRONT_AREAS = ['common', 'catalog', 'cart', 'checkout', 'account'] as const;

/** Areas of the vendor portal, the admin dashboard and the platform console. */
export const CONSOLE_AREAS = [
  'console',
  'vendor',
  'vendorProducts',
  'admin',
  'moderation',
  'settings',
  'platform',
] as const;

export const AREAS = [...STOREFRONT_AREAS, ...CONSOLE_AREAS] as const;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    AREAS.map(async (area) => {
      const mod = (await import(`../messages/${locale}/${area}.json`)) as { default: Record<string, unknown> };
      return [area, mod.default] as const;
    }),
  );
  return Object.fromEntries(entries);
}
