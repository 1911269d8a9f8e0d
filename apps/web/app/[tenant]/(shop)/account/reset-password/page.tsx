import { redirect } from 'next/navigation';
import { param } from '../../../../../lib/account-data';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The address of the reset links the API sends by email; the form lives at `/account/reset`. */
export default async function ResetPasswordLink({ searchParams }: { searchParams: SearchParams }) {
  const token = param((await searchParams).token);
  redirect(token ? `/account/reset?token=${encodeURIComponent(token)}` : '/account/reset');
}
