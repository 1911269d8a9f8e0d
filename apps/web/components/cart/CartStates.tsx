'use client';
import Link from 'next/link';

/** The cart could not be loaded: says so, with a button that tries again. */
export function CartLoadError({ message, retry, onRetry }: { message: string; retry: string; onRetry: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <p>{message}</p>
      <button type="button" className="btn" onClick={onRetry}>
        {retry}
      </button>
    </div>
  );
}

/** The cart is empty: says so, with a way back to the store. */
export function EmptyCart({ message, link }: { message: string; link: string }) {
  return (
    <div className="empty">
      <p>{message}</p>
      <Link href="/" className="btn">
        {link}
      </Link>
    </div>
  );
}
