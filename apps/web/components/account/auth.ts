/** The sign-in request shared by the sign-in and registration forms. */
import type { Problem } from '@bazaar/sdk';
import { browserApi } from '../../lib/browser-api';
import { problemOf } from './problems';

export interface Credentials {
  email: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
}

/**
 * Signs in with a cookie session and hands the guest cart over (`cartId` in the body, its token in
 * `X-Cart-Token`) so the API merges it into the customer's cart. Resolves to the problem, or null.
 */
export async function signIn(
  credentials: Credentials,
  guest: { cartId: string; token: string } | null,
): Promise<Problem | null> {
  try {
    const { error, response } = await browserApi.POST('/api/v1/auth/login', {
      body: {
        email: credentials.email.trim(),
        password: credentials.password,
        mode: 'cookie',
        ...(credentials.totp ? { totp: credentials.totp } : {}),
        ...(credentials.recoveryCode ? { recoveryCode: credentials.recoveryCode } : {}),
        ...(guest ? { cartId: guest.cartId } : {}),
      },
      ...(guest ? { headers: { 'X-Cart-Token': guest.token } } : {}),
    });
    return response.ok ? null : problemOf(error, response);
  } catch {
    return problemOf(null, undefined);
  }
}
