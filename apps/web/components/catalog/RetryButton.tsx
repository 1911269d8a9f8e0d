'use client';

/** Reloads the page (the offline page's "Try again"). */
export function RetryButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn" onClick={() => window.location.reload()}>
      {label}
    </button>
  );
}
