/**
 * The browser's only way to the API: `/api/*` on this origin is forwarded to `API_URL` with the store
 * named by the host (`X-Tenant-ID`), the client's address (`X-Forwarded-For`) and the cookies of the
 * session; the platform console's calls (marked `X-Bazaar-Scope: platform`) go without a store. Bodies
 * stream both ways, so server-sent events and file downloads pass through unbuffered.
 */
import { apiOrigin } from '../../../lib/config';
import { upstreamHeaders } from '../../../lib/platform-scope';

export const dynamic = 'force-dynamic';

/** `fetch` has already decoded the body: its encoding and length no longer describe what is sent on. */
const DROP_RESPONSE = ['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length'];

async function forward(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, apiOrigin());
  // The store is the host's, whatever the browser claims; platform console calls name none.
  const headers = upstreamHeaders(request.headers, incoming, process.env);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: 'manual',
      signal: request.signal,
      cache: 'no-store',
      // Node's fetch needs this to stream a request body.
      ...(hasBody ? { duplex: 'half' } : {}),
    });
  } catch (err) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    console.error('API unreachable', { target: target.origin, err });
    return Response.json(
      {
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'The store is not reachable right now. Try again in a moment.',
        code: 'api_unreachable',
        instance: incoming.pathname,
      },
      { status: 502, headers: { 'Content-Type': 'application/problem+json' } },
    );
  }
  const out = new Headers(upstream.headers);
  for (const h of DROP_RESPONSE) out.delete(h);
  // `Headers` folds several Set-Cookie into one line; send each on its own.
  out.delete('set-cookie');
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const OPTIONS = forward;
