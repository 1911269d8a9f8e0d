import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';
import { VendorConsole } from '../../../components/console/areas';

// Console pages read the session cookie: rendered per request, never cached.
export const dynamic = 'force-dynamic';

/**
 * The vendor portal under `/vendor` in the store's language, with every console message (the storefront's layout
 * sends fewer).
 */
export default async function VendorLayout({ children, params }: { children: ReactNode; params: TenantParams }) {
  // Layouts render apart from each other: this one sets the store's locale for its own messages.
  await setupPage((await params).tenant);
  return (
    <NextIntlClientProvider>
      <VendorConsole>{children}</VendorConsole>
    </NextIntlClientProvider>
  );
}
