import type { ReactNode } from 'react';
import { PlatformConsole } from '../../../components/platform/PlatformConsole';

/** The console's pages: platform admins only, in the console's frame. */
export default function PlatformConsoleLayout({ children }: { children: ReactNode }) {
  return <PlatformConsole>{children}</PlatformConsole>;
}
