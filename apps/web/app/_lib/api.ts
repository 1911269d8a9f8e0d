/** Server-side access to the Bazaar API (never imported by client components: it reads server env). */
import { createBazaarClient, toProblem } from '@bazaar/sdk';
import type { BazaarClient } from '@bazaar/sdk';

/** Default API origin for local development; overridden by the `API_URL` environment variable. */
const DEFAULT_API_URL = 'http://127.0.0.1:4000';

/** How long the health check may take before the API counts as unreachable. */
const HEALTH_TIMEOUT_MS = 3000;

/** A client for server components and route handlers, pointed at `API_URL` (read per request). */
export function serverApi(options: { tenant?: string } = {}): BazaarClient {
  return createBazaarClient({ baseUrl: process.env.API_URL ?? DEFAULT_API_URL, ...options });
}

/** Result of {@link checkApiHealth}. */
export type ApiHealth =
  { up: true; latencyMs: number; requestId: string | null } | { up: false; reason: string; requestId: string | null };

/** Calls `GET /health`; never throws, so a page can render "unreachable" instead of an error. */
export async function checkApiHealth(): Promise<ApiHealth> {
  const started = performance.now();
  try {
    const { data, error, response } = await serverApi().GET('/health', {
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
    const requestId = response.headers.get('X-Request-ID');
    if (data?.status === 'ok') return { up: true, latencyMs: Math.round(performance.now() - started), requestId };
    const problem = toProblem(error, response);
    return { up: false, reason: `The API answered ${problem.status} ${problem.title}.`, requestId };
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    console.error('API health check failed', { apiUrl: process.env.API_URL ?? DEFAULT_API_URL, err });
    return {
      up: false,
      reason: timedOut ? `No answer within ${HEALTH_TIMEOUT_MS / 1000} s.` : 'The connection failed.',
      requestId: null,
    };
  }
}
