import { connection } from 'next/server';
import { checkApiHealth } from './_lib/api';

// Rendered per request, never prerendered at build time (the API is not running during `next build`).
// `connection()` is used rather than `export const dynamic = 'force-dynamic'` because it keeps working
// if Cache Components are enabled later (which removes the `dynamic` segment option).

export default async function HomePage() {
  await connection();
  const health = await checkApiHealth();
  const checkedAt = new Date();

  return (
    <main>
      <h1>Bazaar</h1>
      <section aria-labelledby="api-status">
        <h2 id="api-status">API status</h2>
        {health.up ? (
          <p className="status status-up">
            <span aria-hidden="true">●</span> The API is up.
          </p>
        ) : (
          <p className="status status-down">
            <span aria-hidden="true">●</span> API unreachable. {health.reason}
          </p>
        )}
        <dl>
          {health.up && (
            <>
              <dt>Response time</dt>
              <dd>{health.latencyMs} ms</dd>
            </>
          )}
          {health.requestId && (
            <>
              <dt>Request ID</dt>
              <dd>
                <code>{health.requestId}</code>
              </dd>
            </>
          )}
          <dt>Checked at</dt>
          <dd>
            <time dateTime={checkedAt.toISOString()}>{checkedAt.toUTCString()}</time>
          </dd>
        </dl>
      </section>
    </main>
  );
}
