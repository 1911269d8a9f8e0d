/**
 * next-intl request configuration. The locale is the store's (set by `setupPage` through
 * `setRequestLocale`, so pages stay statically renderable); messages are split by area.
 */
import { getRequestConfig } from 'next-intl/server';
import { loadMessages, LOCALES } from './messages';
import type { Locale } from './messages';

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale: Locale = (LOCALES as readonly string[]).includes(requested ?? '') ? (requested as Locale) : 'en';
  return { locale, messages: await loadMessages(locale) };
});
