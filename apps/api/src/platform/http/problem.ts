/**
 * RFC 9457 problem responses: the one mapping from errors to HTTP. Business errors keep their status
 * and code; framework errors become 4xx problems; anything unexpected becomes a 500 whose message,
 * stack and SQL never leave the process.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, type FieldError } from '../errors.js';

/**
 * Problem types are relative URI references (`/problems/tenant_not_found`): stable identifiers of
 * the problem kind, resolved against the API's own origin (RFC 9457 §3.1.1).
 */
export const PROBLEM_TYPE_BASE = '/problems/';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: 'uri-reference', maxLength: 200 }),
    title: Type.String({ maxLength: 200 }),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String({ maxLength: 2000 })),
    instance: Type.String({ maxLength: 2048 }),
    code: Type.String({ maxLength: 100 }),
    requestId: Type.String({ maxLength: 200 }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ maxLength: 500 }),
          message: Type.String({ maxLength: 500, description: 'English, for people reading the response.' }),
          code: Type.Optional(
            Type.String({
              maxLength: 100,
              description:
                'The rule broken, for clients that word the message in their own language: a JSON Schema keyword (`required`, `minLength`, `maxLength`, `minimum`, `maximum`, `pattern`, `format`, `enum`, `type`, `additionalProperties`, …) or one of Bazaar’s (`password_too_short`, `password_too_long`, `password_common`, `password_contains_email`).',
            }),
          ),
          limit: Type.Optional(
            Type.Number({
              description:
                'The bound of a `minLength`, `maxLength`, `minimum`, `maximum`, `minItems` or `maxItems` rule.',
            }),
          ),
        }),
        { maxItems: 100 },
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'An RFC 9457 problem detail.' },
);

export interface ProblemInit {
  status: number;
  code: string;
  title: string;
  detail?: string | undefined;
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, p: ProblemInit): FastifyReply {
  // Also set here: errors raised before any hook ran (malformed URLs) still carry it.
  reply.header('x-request-id', req.id);
  for (const [k, v] of Object.entries(p.headers ?? {})) reply.header(k, v);
  const body = {
    type: PROBLEM_TYPE_BASE + p.code,
    title: p.title,
    status: p.status,
    ...(p.detail ? { detail: p.detail } : {}),
    instance: req.url.split('?')[0] ?? req.url,
    code: p.code,
    requestId: req.id,
    ...p.extensions,
  };
  return reply.code(p.status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

const STATUS_TITLES: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not found'],
  405: ['method_not_allowed', 'Method not allowed'],
  406: ['not_acceptable', 'Not acceptable'],
  408: ['request_timeout', 'Request timeout'],
  409: ['conflict', 'Conflict'],
  411: ['length_required', 'Length required'],
  413: ['payload_too_large', 'Payload too large'],
  414: ['uri_too_long', 'URI too long'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  429: ['rate_limited', 'Too many requests'],
  431: ['headers_too_large', 'Request header fields too large'],
};

/** Framework error codes with a clearer problem code than their status alone gives. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty_body', 'A JSON body was declared but none was sent.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is larger than allowed.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'This content type is not accepted here.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length', 'Content-Length does not match the body.'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'bad_request', 'The content type header is not valid.'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'The URL is not valid.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'A part of the URL is longer than allowed.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad_request', 'The request could not be routed.'],
};

/** PostgreSQL errors a client can provoke, answered without revealing any SQL. */
const PG_CODES: Record<string, [number, string, string]> = {
  '23505': [409, 'conflict', 'A resource with these values already exists.'],
  '23503': [409, 'conflict', 'The request refers to a resource that does not exist or is still in use.'],
  '23514': [422, 'constraint_violated', 'The request breaks a rule of the data model.'],
  '22P02': [400, 'bad_request', 'A value in the request has the wrong form.'],
  '22021': [400, 'bad_request', 'The request contains a character that cannot be stored (such as NUL).'],
  '22008': [400, 'bad_request', 'A date or time in the request is out of range.'],
  '22P05': [400, 'bad_request', 'The request contains a character that cannot be stored (such as NUL).'],
  '22001': [400, 'bad_request', 'A value in the request is too long.'],
  '22003': [400, 'bad_request', 'A number in the request is out of range.'],
  '40001': [503, 'dependency_unavailable', 'The request conflicted with another one; try again.'],
  '40P01': [503, 'dependency_unavailable', 'The request conflicted with another one; try again.'],
  '57014': [503, 'dependency_unavailable', 'The database took too long; try again.'],
};

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldErrors(err: FastifyError): FieldError[] {
  const context = (err as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  return ((err.validation ?? []) as ValidationIssue[]).slice(0, 100).map((v) => {
    let path = v.instancePath ?? '';
    const missing = v.params?.missingProperty;
    if (typeof missing === 'string') path = `${path}/${missing}`;
    const extra = v.params?.additionalProperty;
    if (typeof extra === 'string') path = `${path}/${extra}`;
    const limit = v.params?.limit;
    return {
      path: `${context}${path.replaceAll('/', '.')}`,
      message: v.message ?? 'is not valid',
      ...(v.keyword ? { code: v.keyword } : {}),
      ...(typeof limit === 'number' ? { limit } : {}),
    };
  });
}

/** The PostgreSQL error behind `err`: itself, or the cause of the ORM's wrapper. */
function databaseErrorOf(err: unknown): { code: string } | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if ('severity' in e && typeof (e as { code?: unknown }).code === 'string') return e as unknown as { code: string };
  }
  return undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * The database (or another dependency) is unreachable or shedding load: connection failures, pool
 * timeouts, and the server's connection-exception (08), insufficient-resources (53) and
 * shutdown (57P01–57P03) classes. The client should retry, so 503 with Retry-After.
 */
function isUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return true;
      if ('severity' in e && (/^(08|53)/.test(code) || /^57P0[123]$/.test(code))) return true;
    }
    if (typeof message === 'string' && /timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
      return true;
    }
  }
  return false;
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AppError) {
    if (err.status >= 500) req.log.error({ err }, 'request failed');
    return sendProblem(req, reply, {
      status: err.status,
      code: err.code,
      title: err.title,
      detail: err.status >= 500 && err.status !== 503 ? 'An unexpected error occurred.' : err.detail,
      extensions: err.extensions,
      headers: err.headers,
    });
  }
  if (err.validation) {
    return sendProblem(req, reply, {
      status: 400,
      code: 'validation_failed',
      title: 'Validation failed',
      detail: 'The request is not valid.',
      extensions: { errors: fieldErrors(err) },
    });
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) {
    const [status, code, detail] = known;
    return sendProblem(req, reply, { status, code, title: STATUS_TITLES[status]?.[1] ?? 'Bad request', detail });
  }
  if (isUnavailable(err)) {
    req.log.error({ err }, 'a dependency is unavailable');
    return sendProblem(req, reply, {
      status: 503,
      code: 'dependency_unavailable',
      title: 'Service unavailable',
      detail: 'A service Bazaar depends on is unavailable; try again shortly.',
      headers: { 'retry-after': '5' },
    });
  }
  const dbError = databaseErrorOf(err);
  const pg = dbError ? PG_CODES[dbError.code] : undefined;
  if (pg) {
    const [status, code, detail] = pg;
    req.log.warn({ err }, 'database refused the request');
    return sendProblem(req, reply, {
      status,
      code,
      title: STATUS_TITLES[status]?.[1] ?? 'Service unavailable',
      detail,
      ...(status === 503 ? { headers: { 'retry-after': '1' } } : {}),
    });
  }
  const status = err.statusCode;
  if (status && status >= 400 && status < 500) {
    const [code, title] = STATUS_TITLES[status] ?? ['bad_request', 'Bad request'];
    return sendProblem(req, reply, { status, code, title, detail: title });
  }
  req.log.error({ err }, 'unexpected error');
  return sendProblem(req, reply, {
    status: 500,
    code: 'internal_error',
    title: 'Internal server error',
    detail: 'An unexpected error occurred. Quote the request id when you report it.',
  });
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(req, reply, {
    status: 404,
    code: 'route_not_found',
    title: 'Not found',
    detail: `No route matches ${req.method} ${req.url.split('?')[0] ?? ''}.`,
  });
}
