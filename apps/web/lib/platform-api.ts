/**
 * The platform console's API client: the browser client's cookie session, CSRF and refresh, with
 * every request (its refresh included) marked `X-Bazaar-Scope: platform`, so the `/api/*` proxy sends
 * it without the host's store. Platform admins belong to no store.
 */
import type { BazaarClient } from '@bazaar/sdk';
import { createSessionClient } from './browser-api';
import { PLATFORM_SCOPE, SCOPE_HEADER } from './platform-scope';

export const platformApi: BazaarClient = createSessionClient({ [SCOPE_HEADER]: PLATFORM_SCOPE });

/** The platform sign-in page that comes back to `path`. */
export const platformLoginHref = (path: string): string => `/platform/login?next=${encodeURIComponent(path)}`;
