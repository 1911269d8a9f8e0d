/**
 * The error catalogue. Services throw these; one handler in `http/problem.ts` turns them into
 * RFC 9457 problem responses. Nothing else sets an error status.
 */
export interface FieldError {
  path: string;
  /** English, for people reading the response. */
  message: string;
  /**
   * The rule broken, for clients that word the message themselves: a JSON Schema keyword
   * (`required`, `minLength`, `pattern`, `format`, …) or a rule of Bazaar's (`password_common`, …).
   */
  code?: string;
  /** The bound of a `minLength`, `maxLength`, `minimum`, `maximum`, `minItems` or `maxItems` rule. */
  limit?: number;
}

export class AppError extends Error {
  constructor(
    /** HTTP status the error maps to. */
    readonly status: number,
    /** Stable, machine-readable code (`tenant_not_found`). */
    readonly code: string,
    /** Short, human-readable summary that does not change between occurrences. */
    readonly title: string,
    /** Occurrence-specific explanation, safe to show to the client. */
    readonly detail?: string,
    /** Named problem extensions (`variants` for `insufficient_inventory`, …). */
    readonly extensions: Record<string, unknown> = {},
    /** Extra response headers (`Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

export class BadRequest extends AppError {
  constructor(code: string, detail?: string, extensions?: Record<string, unknown>) {
    super(400, code, 'Bad request', detail, extensions);
  }
}

export class ValidationFailed extends AppError {
  constructor(errors: FieldError[], detail = 'The request is not valid.') {
    super(400, 'validation_failed', 'Validation failed', detail, { errors });
  }
}

export class Unauthorized extends AppError {
  constructor(code = 'unauthorized', detail = 'Authentication is required.') {
    super(401, code, 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer' });
  }
}

export class Forbidden extends AppError {
  constructor(code = 'forbidden', detail = 'You are not allowed to do this.') {
    super(403, code, 'Forbidden', detail);
  }
}

export class NotFound extends AppError {
  constructor(code = 'not_found', detail = 'The resource does not exist.') {
    super(404, code, 'Not found', detail);
  }
}

export class Conflict extends AppError {
  constructor(code = 'conflict', detail?: string, extensions?: Record<string, unknown>) {
    super(409, code, 'Conflict', detail, extensions);
  }
}

export class PreconditionRequired extends AppError {
  constructor(detail = 'This request needs an If-Match header with the current version.') {
    super(428, 'precondition_required', 'Precondition required', detail);
  }
}

export class VersionConflict extends AppError {
  constructor(currentVersion?: number) {
    super(
      412,
      'version_conflict',
      'Version conflict',
      'The resource was changed by someone else; reload it and try again.',
      currentVersion === undefined ? {} : { currentVersion },
    );
  }
}

/** A well-formed request that breaks a business rule. */
export class BusinessRuleViolation extends AppError {
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(422, code, 'Unprocessable request', detail, extensions);
  }
}

export class TooManyRequests extends AppError {
  constructor(retryAfterSeconds: number, detail = 'Too many requests; slow down.') {
    super(429, 'rate_limited', 'Too many requests', detail, {}, { 'retry-after': String(retryAfterSeconds) });
  }
}

export class DependencyUnavailable extends AppError {
  constructor(dependency: string, retryAfterSeconds = 5) {
    super(
      503,
      'dependency_unavailable',
      'Service unavailable',
      `A service Bazaar depends on (${dependency}) is unavailable; try again shortly.`,
      {},
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
