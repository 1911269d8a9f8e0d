import type { ReactNode } from 'react';

// Account pages depend on the shopper's session cookie and query string: rendered per request, never cached.
export const dynamic = 'force-dynamic';

export default function AccountLayout({ children }: { children: ReactNode }) {
  return children;
}
