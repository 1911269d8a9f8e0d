export default function Loading() {
  return <div className="skeleton" style={{ height: '24rem' }} aria-hidden="true" />;
}
