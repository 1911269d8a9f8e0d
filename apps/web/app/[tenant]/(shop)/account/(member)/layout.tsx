import type { ReactNode } from 'react';
import { AccountNav } from '../../../../../components/account/AccountNav';

/** Pages of a signed-in shopper: the account navigation above each. */
export default function MemberLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <AccountNav />
      {children}
    </>
  );
}
