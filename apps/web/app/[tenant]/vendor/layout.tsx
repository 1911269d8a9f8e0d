import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { VendorConsole } from '../../../components/console/areas';

// Console pages read the session cookie: rendered per request, never cached.
export const dynamic = 'force-dynamic';

/** The vendor portal under `/vendor`, with every console message (the storefront's layout sends fewer). */
export default function VendorLayout({ children }: { children: ReactNode }) {
  return (
    <NextIntlClientProvider>
      <VendorConsole>{children}</VendorConsole>
    </NextIntlClientProvider>
  );
}
