/**
 * Typed client for the Bazaar API.
 *
 * `schema.ts` is generated from `docs/openapi.json` by `npm run generate -w @bazaar/sdk`; never edit it by hand.
 * This file is the only hand-written part: a thin wrapper over `openapi-fetch` that adds Bazaar's headers,
 * plus helpers for RFC 9457 problem bodies.
 *
 * @packageDocumentation
 */
import createClient from 'openapi-fetch';
import type { Client, Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** The typed client returned by {@link createBazaarClient}: `client.GET('/health')`, `client.POST(...)`, … */
export type BazaarClient = Client<paths>;

/** A bearer token, or a (possibly async) function returning the current one, or `undefined` for none. */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

/** Options for {@link createBazaarClient}. */
export interface BazaarClientOptions {
  /** Origin (and optional path prefix) of the API, e.g. `http://127.0.0.1:4000`; `''` for same-origin. */
  baseUrl: string;
  /** Store to address; sent as `X-Tenant-ID`. Omit for tenant-less endpoints (`/health`, platform admin). */
  tenant?: string;
  /** Access token or API key, sent as `Authorization: Bearer <token>`. Functions are called once per request. */
  token?: TokenSource;
  /** Generates the `X-Request-ID` of each request. Defaults to `crypto.randomUUID()`. */
  requestId?: () => string;
  /** Custom fetch (tests, instrumentation, Next.js caching options). Defaults to `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
}

/**
 * A random UUID v4. `crypto.randomUUID` only exists in secure contexts (HTTPS or localhost) in browsers,
 * so fall back to `crypto.getRandomValues`, which is available everywhere.
 */
function randomUUID(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4 (indices 6 and 8 exist: the array has 16 bytes)
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The middleware behind {@link createBazaarClient}: sets `X-Tenant-ID`, `Authorization` and `X-Request-ID`.
 * A header already present on the request (e.g. passed per call via `headers`) is left untouched.
 */
export function bazaarHeaders(options: Omit<BazaarClientOptions, 'baseUrl' | 'fetch'>): Middleware {
  const { tenant, token, requestId = randomUUID } = options;
  return {
    async onRequest({ request }) {
      const headers = request.headers;
      if (tenant !== undefined && !headers.has('X-Tenant-ID')) headers.set('X-Tenant-ID', tenant);
      if (token !== undefined && !headers.has('Authorization')) {
        const value = typeof token === 'function' ? await token() : token;
        if (value) headers.set('Authorization', `Bearer ${value}`);
      }
      if (!headers.has('X-Request-ID')) headers.set('X-Request-ID', requestId());
      return request;
    },
  };
}

/**
 * Creates a typed Bazaar API client.
 *
 * @example
 * ```ts
 * const api = createBazaarClient({ baseUrl: 'http://127.0.0.1:4000', tenant: 'demo' });
 * const { data, error, response } = await api.GET('/api/v1/store');
 * if (error) throw new ProblemError(toProblem(error, response));
 * ```
 */
export function createBazaarClient(options: BazaarClientOptions): BazaarClient {
  const { baseUrl, fetch, ...headerOptions } = options;
  const client = createClient<paths>(fetch ? { baseUrl, fetch } : { baseUrl });
  client.use(bazaarHeaders(headerOptions));
  return client;
}

/** One field-level validation error inside a {@link Problem}. */
export interface ProblemFieldError {
  /** Where the offending value is, e.g. `body.name` or `querystring.limit`. */
  path: string;
  /** English, for people reading the response. */
  message: string;
  /**
   * The rule broken, for clients that word the message in their own language: a JSON Schema keyword
   * (`required`, `minLength`, `pattern`, `format`, …) or one of Bazaar's (`password_common`, …).
   */
  code?: string;
  /** The bound of a `minLength`, `maxLength`, `minimum`, `maximum`, `minItems` or `maxItems` rule. */
  limit?: number;
}

/** An RFC 9457 problem detail, as every Bazaar API error response carries (`application/problem+json`). */
export interface Problem {
  /** URI identifying the problem type; `about:blank` when none is given. */
  type: string;
  /** Short, human-readable summary of the problem type. */
  title: string;
  /** HTTP status code. */
  status: number;
  /** Human-readable explanation of this occurrence. */
  detail?: string;
  /** URI reference of this occurrence (usually the request path). */
  instance: string;
  /** Stable, machine-readable error code; branch on this, not on `title`. */
  code: string;
  /** The request's `X-Request-ID`, for support and log correlation. */
  requestId: string;
  /** Per-field validation errors, for 400/422 responses. */
  errors?: ProblemFieldError[];
  /** RFC 9457 allows extension members. */
  [extension: string]: unknown;
}

/** Whether `value` looks like an RFC 9457 problem body (has string `type`/`title` and numeric `status`). */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.type === 'string' && typeof v.title === 'string' && typeof v.status === 'number';
}

/**
 * Reads the problem from a failed openapi-fetch result (`error` and `response`). When the body is not a
 * problem document (e.g. an HTML error page from a proxy), a generic one is synthesized from the response
 * (status, status text, `X-Request-ID`); the foreign body itself is not copied into it.
 */
export function toProblem(error: unknown, response: Response): Problem {
  const requestId = response.headers.get('X-Request-ID') ?? '';
  const instance = response.url ? new URL(response.url).pathname : '';
  if (isProblem(error)) {
    return {
      ...error,
      instance: typeof error.instance === 'string' ? error.instance : instance,
      code: typeof error.code === 'string' ? error.code : 'unknown',
      requestId: typeof error.requestId === 'string' ? error.requestId : requestId,
    };
  }
  return {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    instance,
    code: 'unknown',
    requestId,
  };
}

/** An `Error` carrying a {@link Problem}, for code that prefers throwing over checking `error`. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.problem = problem;
  }

  /** HTTP status code of the failed response. */
  get status(): number {
    return this.problem.status;
  }

  /** Machine-readable error code (`'unknown'` when the body was not a problem document). */
  get code(): string {
    return this.problem.code;
  }
}

/**
 * Returns `data` of an openapi-fetch result, or throws a {@link ProblemError} when the response failed.
 *
 * @example
 * ```ts
 * const store = unwrap(await api.GET('/api/v1/store'));
 * ```
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new ProblemError(toProblem(result.error, result.response));
  // A successful response without a body (204) has no data; its schema type is then `never`/`undefined` anyway.
  return result.data as T;
}
