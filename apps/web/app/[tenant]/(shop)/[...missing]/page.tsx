import { notFound } from 'next/navigation';

/** Any path no page matches: the store's own "not found" page (in its layout and language), with a 404. */
export default function Missing(): never {
  notFound();
}
