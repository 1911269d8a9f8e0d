/**
 * Storm scenarios: light reads ("probes") at a modest fixed rate are measured idle, then again while a
 * heavy load (the storm) runs beside them on the same API, as fast as it is answered. The figures are
 * how much the probes' p99 degrades, and the storm's own throughput and latency.
 *
 * The storm is autocannon (closed loop: each connection sends its next request when answered). The
 * probes are paced here, one request every 1/rate s spread evenly over the second, on at most
 * `connections` keep-alive sockets: autocannon's rate limit instead sends each connection's whole quota
 * for the second back-to-back at the top of the second, so the probes' p99 measured their own bursts
 * (the /store burst queued every /health request behind it), not the storm.
 *
 * Latencies are every response's own timing at sub-millisecond resolution (autocannon's histogram
 * rounds to whole milliseconds; an idle p99 of about 1 ms cannot be compared at that resolution).
 */
import autocannon from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuBetween, cpuSnapshot } from './cpu.mjs';
import { toMb, watchPeakRss } from './rss.mjs';

/**
 * @typedef {object} WindowFigures
 * @property {number} reqPerSec   Responses (all statuses) per second of the window.
 * @property {number} p50Ms       Over 2xx responses, 0.01 ms resolution.
 * @property {number} p99Ms
 * @property {number} maxMs
 * @property {number} requests    Responses in the window.
 * @property {number} non2xx
 * @property {number} errors      Connection errors and timeouts.
 * @property {number} timeouts
 * @property {Record<string, number>} statusCodes
 * @property {number} durationS   Length of the window.
 */

/**
 * @typedef {{ minMs: number, p99Ms: number, maxMs: number }} EventLoopDelay
 *   As the API's `/metrics` reports it: intervals between its event-loop samples, sampling interval included.
 */

/**
 * @typedef {object} PhaseFigures
 * @property {number} durationS
 * @property {import('./cpu.mjs').CpuFigures | null} cpu
 * @property {EventLoopDelay | null} eventLoopDelay  The API's own (prom-client) figures.
 * @property {number} peakRssMb   API, over the phase (the storm's includes its warm-up).
 */

/**
 * @typedef {object} ProbeResult
 * @property {string} name
 * @property {import('../scenarios.mjs').Request} request
 * @property {number} connections
 * @property {number} rate
 * @property {WindowFigures} idle
 * @property {WindowFigures} storm
 * @property {number | null} p99Ratio  Storm p99 ÷ idle p99.
 */

/**
 * @typedef {object} StormResult
 * @property {string} name
 * @property {string} description
 * @property {{ label: string, connections: number, accounts: string[], maxInFlightPerAccount: number, note: string }} storm
 * @property {WindowFigures} logins  The storm's requests answered during the measured storm window.
 * @property {ProbeResult[]} probes
 * @property {{ idle: PhaseFigures, storm: PhaseFigures }} phases
 * @property {import('./report.mjs').Verdict[]} targets
 * @property {string[]} problems
 * @property {string[]} warnings  Conditions that make the figures doubtful without invalidating them.
 */

/**
 * @typedef {object} Recording
 * @property {{ at: number, status: number, ms: number }[]} responses
 * @property {{ at: number, timeout: boolean }[]} errors
 * @property {() => void} stop   Ends the load at autocannon's next one-second tick.
 * @property {Promise<unknown>} done
 */

/**
 * Starts an autocannon load (closed loop, as fast as answered) and records every response. Connection
 * i sends only `requests[i % requests.length]`.
 * @param {{ origin: string, requests: import('../scenarios.mjs').Request[], connections: number, durationS: number }} opts
 * @returns {Recording}
 */
export function recordLoad(opts) {
  const requests = opts.requests.map(({ method, path, headers, body }) => ({
    method: /** @type {any} */ (method ?? 'GET'),
    path,
    headers: headers ?? {},
    ...(body === undefined ? {} : { body }),
  }));
  let next = 0;
  /** @type {Recording['responses']} */
  const responses = [];
  /** @type {Recording['errors']} */
  const errors = [];
  const instance = autocannon({
    url: opts.origin,
    requests: [requests[0]],
    connections: opts.connections,
    duration: opts.durationS,
    pipelining: 1,
    timeout: 10,
    ...(requests.length > 1
      ? { setupClient: (/** @type {any} */ client) => client.setRequests([requests[next++ % requests.length]]) }
      : {}),
  });
  instance.on('response', (_client, status, _bytes, ms) => responses.push({ at: performance.now(), status, ms }));
  instance.on('reqError', (/** @type {Error} */ err) =>
    errors.push({ at: performance.now(), timeout: /timed out/.test(err?.message ?? '') }),
  );
  return {
    responses,
    errors,
    stop: () => instance.stop(),
    done: new Promise((resolve, reject) => instance.then(resolve, reject)),
  };
}

/**
 * An open-loop load at a fixed rate: request k is sent at `k / rate` s (a late timer sends what is due
 * at once), whatever the answers so far, on at most `connections` keep-alive sockets (a request finding
 * them all busy waits for one, and that wait counts in its latency). Latency runs from the moment the
 * request is handed to the socket pool to the end of the response.
 * @param {{ origin: string, request: import('../scenarios.mjs').Request, connections: number, rate: number, durationS: number }} opts
 * @returns {Recording}
 */
export function pacedLoad(opts) {
  const { request } = opts;
  const url = new URL(request.path, opts.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const intervalMs = 1000 / opts.rate;
  const total = Math.max(1, Math.round(opts.rate * opts.durationS));
  /** @type {Recording['responses']} */
  const responses = [];
  /** @type {Recording['errors']} */
  const errors = [];
  let sent = 0;
  let settled = 0;
  let stopped = false;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  /** @type {(value?: unknown) => void} */
  let finish = () => undefined;
  const done = new Promise((resolve) => {
    finish = resolve;
  }).finally(() => agent.destroy());

  const settle = () => {
    settled += 1;
    if (settled === sent && (stopped || sent === total)) finish();
  };
  const fire = () => {
    const t0 = performance.now();
    const req = httpRequest(url, { method: request.method ?? 'GET', headers: request.headers ?? {}, agent }, (res) => {
      res.resume();
      res.once('end', () => {
        const at = performance.now();
        responses.push({ at, status: res.statusCode ?? 0, ms: at - t0 });
        settle();
      });
      res.once('error', () => {
        errors.push({ at: performance.now(), timeout: false });
        settle();
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    req.once('error', (err) => {
      errors.push({ at: performance.now(), timeout: /timed out/.test(err.message) });
      settle();
    });
    req.end(request.body);
  };
  const start = performance.now();
  const tick = () => {
    const now = performance.now();
    while (!stopped && sent < total && start + sent * intervalMs <= now) {
      sent += 1;
      fire();
    }
    if (!stopped && sent < total) timer = setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    else if (settled === sent) finish();
  };
  tick();
  return {
    responses,
    errors,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      if (settled === sent) finish();
    },
    done,
  };
}

/**
 * Figures of the responses completed in `[from, to]` (`performance.now()` times).
 * @param {Recording} rec
 * @param {number} from
 * @param {number} to
 * @returns {WindowFigures}
 */
export function windowFigures(rec, from, to) {
  const inWindow = rec.responses.filter((r) => r.at >= from && r.at <= to);
  const ok = inWindow
    .filter((r) => r.status >= 200 && r.status <= 299)
    .map((r) => r.ms)
    .sort((a, b) => a - b);
  /** @type {Record<string, number>} */
  const statusCodes = {};
  for (const r of inWindow) statusCodes[r.status] = (statusCodes[r.status] ?? 0) + 1;
  const errors = rec.errors.filter((e) => e.at >= from && e.at <= to);
  const durationS = Number.isFinite(to - from) ? (to - from) / 1000 : 0;
  return {
    reqPerSec: durationS > 0 ? Math.round((inWindow.length / durationS) * 10) / 10 : 0,
    p50Ms: ms(quantile(ok, 0.5)),
    p99Ms: ms(quantile(ok, 0.99)),
    maxMs: ms(ok.at(-1) ?? 0),
    requests: inWindow.length,
    non2xx: inWindow.length - ok.length,
    errors: errors.length,
    timeouts: errors.filter((e) => e.timeout).length,
    statusCodes,
    durationS: Math.round(durationS * 100) / 100,
  };
}

/**
 * Nearest-rank quantile of sorted values (0 when empty).
 * @param {number[]} sorted
 * @param {number} q
 */
function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** @param {number} n */
const ms = (n) => Math.round(n * 100) / 100;

/**
 * The API's event-loop delay since the previous call: prom-client resets its histogram on every
 * scrape of `/metrics`, so call once before a phase (discarding the answer) and once after it. Node
 * records the whole interval between two samples, so a free loop reads the sampling interval itself
 * (20 ms in the API): `min` is about that interval, and `p99 - min` is how late the loop ran.
 * @param {string} origin
 * @returns {Promise<EventLoopDelay | null>} null when `/metrics` is not available
 */
export async function eventLoopDelay(origin) {
  try {
    const res = await fetch(new URL('/metrics', origin), { signal: AbortSignal.timeout(5_000) });
    const text = await res.text();
    if (res.status !== 200) return null;
    const read = (/** @type {string} */ name) => {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
      return m ? ms(Number(m[1]) * 1000) : null;
    };
    const minMs = read('nodejs_eventloop_lag_min_seconds');
    const p99Ms = read('nodejs_eventloop_lag_p99_seconds');
    const maxMs = read('nodejs_eventloop_lag_max_seconds');
    return minMs === null || p99Ms === null || maxMs === null ? null : { minMs, p99Ms, maxMs };
  } catch {
    return null;
  }
}

/**
 * Runs the probes together for `durationS` and measures the phase.
 * @param {import('../scenarios.mjs').StormScenario} s
 * @param {{ origin: string, pid: number }} api
 * @param {number} durationS
 */
async function measureProbes(s, api, durationS) {
  await eventLoopDelay(api.origin);
  const before = cpuSnapshot(api.pid);
  const from = performance.now();
  const recordings = s.probes.map((p) =>
    pacedLoad({ origin: api.origin, request: p.request, connections: p.connections, rate: p.rate, durationS }),
  );
  await Promise.all(recordings.map((r) => r.done));
  const to = performance.now();
  const cpu = cpuBetween(before, cpuSnapshot(api.pid));
  return {
    from,
    to,
    figures: recordings.map((r) => windowFigures(r, from, to)),
    cpu,
    eventLoopDelay: await eventLoopDelay(api.origin),
  };
}

/**
 * Idle phase (probes alone), then storm phase (storm warm-up, then probes again while it runs).
 * @param {import('../scenarios.mjs').StormScenario} s
 * @param {{ origin: string, pid: number }} api
 * @param {{ durationS: number, warmupS: number, stormConnections?: number }} config
 * @param {(message: string) => void} step
 * @returns {Promise<Omit<StormResult, 'targets' | 'problems'> & { stormWhole: WindowFigures }>}
 */
export async function runStorm(s, api, config, step) {
  const { durationS, warmupS } = config;
  const connections = config.stormConnections ?? s.storm.connections;

  step(`${s.name}: idle — ${s.probes.map((p) => `${describe(p.request)} at ${p.rate}/s`).join(' + ')}`);
  if (warmupS > 0) {
    await Promise.all(
      s.probes.map(
        (p) =>
          pacedLoad({
            origin: api.origin,
            request: p.request,
            connections: p.connections,
            rate: p.rate,
            durationS: warmupS,
          }).done,
      ),
    );
  }
  let rss = watchPeakRss(api.pid);
  const idle = await measureProbes(s, api, durationS);
  const idleRssMb = toMb(await rss.stop());

  step(`${s.name}: storm — ${s.storm.label} on ${connections} connections, then the same reads beside it`);
  rss = watchPeakRss(api.pid);
  const storm = recordLoad({
    origin: api.origin,
    requests: s.storm.requests,
    connections,
    // Stopped once the probes are done; the duration is only a bound.
    durationS: warmupS + durationS + 60,
  });
  /** @type {Awaited<ReturnType<typeof measureProbes>>} */
  let during;
  try {
    // At least a moment for the thread pool to fill, even without a warm-up.
    await Promise.race([sleep(Math.max(warmupS, 0.5) * 1000), storm.done]);
    during = await measureProbes(s, api, durationS);
  } finally {
    storm.stop();
    await storm.done;
  }
  const stormRssMb = toMb(await rss.stop());

  const n = s.storm.requests.length;
  return {
    name: s.name,
    description: s.description,
    storm: {
      label: s.storm.label,
      connections,
      accounts: s.storm.requests.slice(0, Math.min(n, connections)).map((r) => r.account),
      maxInFlightPerAccount: Math.ceil(connections / n),
      note:
        connections <= n
          ? s.storm.note
          : `${connections} connections over ${n} accounts: up to ${Math.ceil(connections / n)} logins of one account in flight, which serialise on its row lock`,
    },
    logins: windowFigures(storm, during.from, during.to),
    stormWhole: windowFigures(storm, -Infinity, Infinity),
    probes: s.probes.map((p, i) => {
      const a = idle.figures[i];
      const b = during.figures[i];
      return {
        name: p.name,
        request: p.request,
        connections: p.connections,
        rate: p.rate,
        idle: a,
        storm: b,
        p99Ratio: a.p99Ms > 0 && b.requests > 0 ? Math.round((b.p99Ms / a.p99Ms) * 100) / 100 : null,
      };
    }),
    phases: {
      idle: {
        durationS: Math.round(idle.to - idle.from) / 1000,
        cpu: idle.cpu,
        eventLoopDelay: idle.eventLoopDelay,
        peakRssMb: idleRssMb,
      },
      storm: {
        durationS: Math.round(during.to - during.from) / 1000,
        cpu: during.cpu,
        eventLoopDelay: during.eventLoopDelay,
        peakRssMb: stormRssMb,
      },
    },
  };
}

/** @param {import('../scenarios.mjs').Request} r */
export const describe = (r) => `${r.method ?? 'GET'} ${r.path}`;
