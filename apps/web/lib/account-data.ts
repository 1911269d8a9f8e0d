/**
 * Server-side helpers of the account pages. Account data itself is loaded in the browser (the
 * session lives in the browser's cookies); the server only decides whether to show the page at all.
 */
import 'server-only';
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { setupPage } from './page';
import type { TenantPageProps } from './page';

/** Readable cookie that lives as long as the session's refresh token. */
const SESSION_HINT_COOKIE = 'bazaar_csrf';

/** Whether the request carries a session (it may still have expired; the client handles a 401). */
export async function hasSessionCookie(): Promise<boolean> {
  return (await cookies()).has(SESSION_HINT_COOKIE);
}

/** Sends a visitor without a session to the sign-in page, coming back to `path` afterwards. */
export async function requireSession(path: string): Promise<void> {
  if (!(await hasSessionCookie())) redirect(`/account/login?next=${encodeURIComponent(path)}`);
}

/** Title (from `account.meta.<key>`) and `noindex` for an account page. */
export async function accountMetadata(tenant: string, key: string): Promise<Metadata> {
  await setupPage(tenant);
  const t = await getTranslations('account');
  return { title: t(`meta.${key}`), robots: { index: false, follow: false } };
}

/** The first value of a search parameter. */
export const param = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** Sets up an account page, and answers the first value of its search parameter `key`. */
export async function setupAccountPage(
  { params, searchParams }: TenantPageProps,
  key: string,
): Promise<string | undefined> {
  const { tenant } = await params;
  await setupPage(tenant);
  return param((await searchParams)[key]);
}
