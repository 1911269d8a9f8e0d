import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';

// Console pages read the session cookie: rendered per request, never cached.
export const dynamic = 'force-dynamic';

/**
 * The platform console under `/platform` (its sign-in page included), with every console message (the
 * storefront's layout sends fewer). The console itself is in `(console)`, the sign-in page outside it.
 */
export default async function PlatformLayout({ children, params }: { children: ReactNode; params: TenantParams }) {
  // The language of the host's store (the platform has none of its own).
  await setupPage((await params).tenant);
  return <NextIntlClientProvider>{children}</NextIntlClientProvider>;
}
