import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { setupPage } from '../../../lib/page';
import type { TenantParams } from '../../../lib/page';
import { AdminConsole } from '../../../components/console/areas';

// Console pages read the session cookie: rendered per request, never cached.
export const dynamic = 'force-dynamic';

/**
 * The admin dashboard under `/admin` in the store's language, with every console message (the storefront's layout
 * sends fewer).
 */
export default async function AdminLayout({ children, params }: { children: ReactNode; params: TenantParams }) {
  // Layouts render apart from each other: this one sets the store's locale for its own messages.
  await setupPage((await params).tenant);
  return (
    <NextIntlClientProvider>
      <AdminConsole>{children}</AdminConsole>
    </NextIntlClientProvider>
  );
}
