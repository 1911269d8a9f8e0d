import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { AdminConsole } from '../../../components/console/areas';

// Console pages read the session cookie: rendered per request, never cached.
export const dynamic = 'force-dynamic';

/** The admin dashboard under `/admin`, with every console message (the storefront's layout sends fewer). */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <NextIntlClientProvider>
      <AdminConsole>{children}</AdminConsole>
    </NextIntlClientProvider>
  );
}
