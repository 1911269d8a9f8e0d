/** Load generation with autocannon: a warm-up, then one measured run at fixed concurrency. */
import autocannon from 'autocannon';

/**
 * @typedef {object} LoadOptions
 * @property {string} origin        e.g. `http://127.0.0.1:4123`
 * @property {import('../scenarios.mjs').Request} request
 * @property {number} connections
 * @property {number} durationS     Measured run.
 * @property {number} warmupS       Discarded run before it (0 for none).
 */

/**
 * @typedef {object} Measurement
 * @property {number} reqPerSec     Average responses per second (all statuses).
 * @property {number} p50Ms         autocannon's, whole milliseconds.
 * @property {number} p95Ms         Every 2xx response's own time, 0.01 ms resolution (autocannon has no p95).
 * @property {number} p99Ms         autocannon's, whole milliseconds.
 * @property {number} maxMs
 * @property {number} requests      Responses in the measured run.
 * @property {number} non2xx        Responses outside 200-299.
 * @property {number} errors        Connection errors and timeouts.
 * @property {number} timeouts
 * @property {Record<string, number>} statusCodes  Count per status code.
 * @property {number} durationS     Actual length of the measured run.
 */

/**
 * @param {LoadOptions} opts
 * @param {number} durationS
 * @returns {Promise<any>} autocannon's result object
 */
function fire(opts, durationS) {
  const { request } = opts;
  const paths = request.paths ?? [];
  let next = 0;
  return autocannon({
    url: new URL(request.path, opts.origin).href,
    method: /** @type {any} */ (request.method ?? 'GET'),
    headers: request.headers ?? {},
    ...(request.body === undefined ? {} : { body: request.body }),
    // Varied requests: every request takes the next path, whichever connection sends it.
    ...(paths.length === 0
      ? {}
      : { requests: [{ setupRequest: (/** @type {any} */ req) => ({ ...req, path: paths[next++ % paths.length] }) }] }),
    connections: opts.connections,
    duration: durationS,
    pipelining: 1,
    timeout: 10,
  });
}

/**
 * The `p`th percentile of sorted values (nearest rank).
 * @param {Float64Array} sorted
 * @param {number} p
 */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Warms the target up, then measures it.
 * @param {LoadOptions} opts
 * @returns {Promise<Measurement>}
 */
export async function measure(opts) {
  if (opts.warmupS > 0) await fire(opts, opts.warmupS);
  /** @type {number[]} */
  const times = [];
  const run = fire(opts, opts.durationS);
  run.on(
    'response',
    (
      /** @type {unknown} */ _client,
      /** @type {number} */ status,
      /** @type {number} */ _bytes,
      /** @type {number} */ ms,
    ) => {
      if (status >= 200 && status < 300) times.push(ms);
    },
  );
  const r = await run;
  const sorted = Float64Array.from(times).sort();
  /** @type {Record<string, number>} */
  const statusCodes = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = count;
  return {
    reqPerSec: round(r.requests.average),
    p50Ms: r.latency.p50,
    p95Ms: Math.round(percentile(sorted, 95) * 100) / 100,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    durationS: r.duration,
  };
}

/**
 * One request, for checking a target answers as expected before it is measured.
 * @param {string} origin
 * @param {import('../scenarios.mjs').Request} request
 * @returns {Promise<{ status: number, body: string }>}
 */
export async function probe(origin, request) {
  const res = await fetch(new URL(request.path, origin), {
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    body: request.body,
    signal: AbortSignal.timeout(5_000),
  });
  return { status: res.status, body: await res.text() };
}

/** @param {number} n */
const round = (n) => Math.round(n * 10) / 10;
