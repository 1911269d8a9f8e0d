/** Ratios, target verdicts and the printed tables of a run. */

/**
 * @typedef {import('./load.mjs').Measurement & { peakRssMb: number }} TargetFigures
 * @typedef {{ label: string, skipped: string }} Skipped
 * @typedef {{ label: string, status: 'met' | 'missed' | 'not judged' | 'not measured', value: string }} Verdict
 *
 * @typedef {object} ScenarioResult
 * @property {string} name
 * @property {string} description
 * @property {import('../scenarios.mjs').Request} request
 * @property {TargetFigures} api
 * @property {Record<string, (TargetFigures & { label: string }) | Skipped>} baselines
 * @property {Record<string, number | null>} ratios  API req/s ÷ baseline req/s; null when not measured.
 * @property {Verdict[]} targets
 * @property {string[]} problems  Non-2xx responses or errors that make this scenario's figures invalid.
 * @property {string} [note]       What the run found out about the scenario's data (e.g. the store searched).
 * @property {string} [apiLabel]   How the table names the API process measured (default `api`).
 */

/**
 * @param {number} apiReqPerSec
 * @param {TargetFigures | Skipped} baseline
 * @returns {number | null}
 */
export function ratioOf(apiReqPerSec, baseline) {
  if ('skipped' in baseline || baseline.reqPerSec <= 0) return null;
  return Math.round((apiReqPerSec / baseline.reqPerSec) * 1000) / 1000;
}

/**
 * What went wrong in a measured run, if anything: any non-2xx response or connection error.
 * @param {string} who
 * @param {import('./load.mjs').Measurement} m
 * @returns {string[]}
 */
export function problemsOf(who, m) {
  const problems = [];
  if (m.non2xx > 0) {
    const codes = Object.entries(m.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, n]) => `${n}× ${code}`)
      .join(', ');
    problems.push(`${who}: ${m.non2xx} non-2xx responses (${codes})`);
  }
  if (m.errors > 0) problems.push(`${who}: ${m.errors} connection errors (${m.timeouts} timeouts)`);
  if (m.requests === 0) problems.push(`${who}: no responses at all`);
  return problems;
}

/**
 * Judges a scenario against its throughput targets and the global latency and memory limits.
 * @param {import('../scenarios.mjs').Scenario} scenario
 * @param {ScenarioResult} result
 * @param {typeof import('../scenarios.mjs').limits} limits
 * @param {{ connections: number }} config
 * @param {Record<string, import('../scenarios.mjs').Baseline>} baselines
 * @returns {Verdict[]}
 */
export function judge(scenario, result, limits, config, baselines) {
  /** @type {Verdict[]} */
  const verdicts = [];
  for (const t of scenario.targets ?? []) {
    const ratio = result.ratios[t.baseline];
    verdicts.push(
      ratio === null || ratio === undefined
        ? { label: t.label, status: 'not measured', value: `${baselines[t.baseline]?.label ?? t.baseline} was skipped` }
        : { label: t.label, status: ratio >= t.min ? 'met' : 'missed', value: `${ratio.toFixed(2)}×` },
    );
  }
  if (scenario.maxP95Ms !== undefined) {
    // Its latency target is the p95 (search); the p99 limit is the one for reads, not judged here.
    verdicts.push({
      label: scenario.p95Label ?? `p95 < ${scenario.maxP95Ms} ms`,
      status: result.api.p95Ms < scenario.maxP95Ms ? 'met' : 'missed',
      value: `${result.api.p95Ms} ms at ${config.connections} connections`,
    });
  } else {
    const p99Label = `p99 < ${limits.p99Ms} ms at ${limits.connections} connections`;
    verdicts.push(
      config.connections === limits.connections
        ? {
            label: p99Label,
            status: result.api.p99Ms < limits.p99Ms ? 'met' : 'missed',
            value: `${result.api.p99Ms} ms`,
          }
        : {
            label: p99Label,
            status: 'not judged',
            value: `${result.api.p99Ms} ms at ${config.connections} connections`,
          },
    );
  }
  verdicts.push({
    label: `API RSS < ${limits.rssMb} MB`,
    status: result.api.peakRssMb < limits.rssMb ? 'met' : 'missed',
    value: `${result.api.peakRssMb} MB peak`,
  });
  if (result.problems.length > 0) {
    for (const v of verdicts) if (v.status === 'met' || v.status === 'missed') v.status = 'not judged';
  }
  return verdicts;
}

/**
 * The scenario's table, ratios and verdicts.
 * @param {ScenarioResult} r
 * @returns {string}
 */
export function formatScenario(r) {
  const rows = [['target', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', 'errors', 'peak RSS MB']];
  const figures = (/** @type {string} */ label, /** @type {TargetFigures | Skipped} */ f) =>
    'skipped' in f
      ? [label, 'skipped', '', '', '', '', '', '']
      : [
          label,
          int(f.reqPerSec),
          String(f.p50Ms),
          msText(f.p95Ms ?? 0),
          String(f.p99Ms),
          String(f.non2xx),
          String(f.errors),
          f.peakRssMb.toFixed(1),
        ];
  rows.push(figures(r.apiLabel ?? 'api', r.api));
  for (const b of Object.values(r.baselines)) rows.push(figures(b.label, b));

  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (/** @type {string[]} */ row) =>
    `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ')}`;

  const out = [`${r.name} — ${r.description}`, ...(r.note ? [`  ${r.note}`] : []), ...rows.map(line)];
  const ratios = Object.entries(r.ratios).map(([key, ratio]) => {
    const label = r.baselines[key]?.label ?? key;
    return ratio === null ? `(${label} skipped)` : `${ratio.toFixed(2)}× ${label}`;
  });
  out.push(`  ratios: ${r.name}: ${ratios.join(', ')}`);
  out.push('  targets:');
  for (const v of r.targets) out.push(`    ${`[${v.status}]`.padEnd(14)} ${v.label} — ${v.value}`);
  for (const p of r.problems) out.push(`  !! INVALID: ${p}`);
  return out.join('\n');
}

/**
 * A loud, unmissable block of text.
 * @param {string} title
 * @param {string[]} lines
 */
export function banner(title, lines) {
  const bar = '!'.repeat(78);
  return [bar, `!! ${title}`, ...lines.map((l) => `!!   ${l}`), bar].join('\n');
}

/** @param {number} n */
const int = (n) => Math.round(n).toLocaleString('en-US');

/**
 * Problems of a storm scenario: the probes' measured runs, and the storm's whole run (warm-up included:
 * a 429 or 503 from the login path at any point means the figures are not hashing's).
 * @param {Omit<import('./storm.mjs').StormResult, 'targets' | 'problems'> & { stormWhole: import('./storm.mjs').WindowFigures }} r
 * @returns {string[]}
 */
export function stormProblemsOf(r) {
  return [
    ...r.probes.flatMap((p) => [
      ...problemsOf(`${p.name} (idle)`, p.idle),
      ...problemsOf(`${p.name} (during the storm)`, p.storm),
    ]),
    ...problemsOf(r.storm.label, r.stormWhole),
    ...(r.logins.requests === 0 ? [`${r.storm.label}: no responses during the measured window`] : []),
  ];
}

/**
 * CPU taken by other processes (PostgreSQL included) while only the light reads ran, in % of one
 * core, above which the storm's figures are doubtful: the reads alone need a few % of PostgreSQL.
 */
export const NOISY_OTHERS_PCT = 50;

/**
 * Warnings about a storm scenario's conditions: a machine already busy with something else.
 * @param {Pick<import('./storm.mjs').StormResult, 'phases'>} r
 * @returns {string[]}
 */
export function stormWarningsOf(r) {
  const warnings = [];
  for (const [phase, f] of Object.entries(r.phases)) {
    const others = f.cpu?.othersPct ?? 0;
    if (phase === 'idle' ? others > NOISY_OTHERS_PCT : others > NOISY_OTHERS_PCT * 2) {
      warnings.push(
        `other processes took ${others} % of a core during the ${phase} phase (threshold ${phase === 'idle' ? NOISY_OTHERS_PCT : NOISY_OTHERS_PCT * 2} %): ` +
          'a noisy neighbour shares the CPUs; compare these figures with care and re-run on a quiet machine',
      );
    }
  }
  return warnings;
}

/**
 * Judges a storm scenario: each probe's p99 ratio target, and the API's memory over both phases.
 * @param {import('../scenarios.mjs').StormScenario} scenario
 * @param {Pick<import('./storm.mjs').StormResult, 'probes' | 'phases' | 'problems'>} r
 * @param {typeof import('../scenarios.mjs').limits} limits
 * @returns {Verdict[]}
 */
export function judgeStorm(scenario, r, limits) {
  /** @type {Verdict[]} */
  const verdicts = [];
  for (const p of scenario.probes) {
    if (p.maxP99Ratio === undefined) continue;
    const result = r.probes.find((x) => x.name === p.name);
    const label = p.label ?? `${p.name} p99 during the storm ≤ ${p.maxP99Ratio}× its idle p99`;
    verdicts.push(
      !result || result.p99Ratio === null
        ? { label, status: 'not judged', value: 'no idle or storm figures' }
        : {
            label,
            status: result.p99Ratio <= p.maxP99Ratio ? 'met' : 'missed',
            value: `${result.p99Ratio.toFixed(2)}× (${msText(result.idle.p99Ms)} → ${msText(result.storm.p99Ms)} ms)`,
          },
    );
  }
  const peak = Math.max(r.phases.idle.peakRssMb, r.phases.storm.peakRssMb);
  verdicts.push({
    label: `API RSS < ${limits.rssMb} MB`,
    status: peak < limits.rssMb ? 'met' : 'missed',
    value: `${peak} MB peak`,
  });
  if (r.problems.length > 0) {
    for (const v of verdicts) if (v.status === 'met' || v.status === 'missed') v.status = 'not judged';
  }
  return verdicts;
}

/**
 * A storm scenario's table (each probe idle and during the storm, then the storm itself), its ratios,
 * the machine's CPU and the API's event-loop delay per phase, and verdicts.
 * @param {import('./storm.mjs').StormResult} r
 * @returns {string}
 */
export function formatStorm(r) {
  const rows = [['load', 'phase', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors']];
  const row = (
    /** @type {string} */ load,
    /** @type {string} */ phase,
    /** @type {number} */ conns,
    /** @type {import('./storm.mjs').WindowFigures} */ f,
  ) => [
    load,
    phase,
    String(conns),
    f.reqPerSec.toFixed(1),
    msText(f.p50Ms),
    msText(f.p99Ms),
    msText(f.maxMs),
    String(f.non2xx),
    String(f.errors),
  ];
  for (const p of r.probes) {
    const load = `${p.request.method ?? 'GET'} ${p.request.path} (${p.rate}/s paced)`;
    rows.push(row(load, 'idle', p.connections, p.idle), row(load, 'storm', p.connections, p.storm));
  }
  rows.push(row(r.storm.label, 'storm', r.storm.connections, r.logins));

  const widths = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  const line = (/** @type {string[]} */ cells) =>
    `  ${cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ')}`;

  const out = [`${r.name} — ${r.description}`, ...rows.map(line)];
  out.push(
    `  storm: ${r.logins.reqPerSec.toFixed(1)} logins/s (p50 ${msText(r.logins.p50Ms)} ms, p99 ${msText(r.logins.p99Ms)} ms) ` +
      `on ${r.storm.connections} connections over ${r.storm.accounts.length} accounts; ${r.storm.note}`,
  );
  out.push(
    `  p99 storm ÷ idle: ${r.probes
      .map((p) =>
        p.p99Ratio === null
          ? `${p.name} n/a`
          : `${p.name} ${p.p99Ratio.toFixed(2)}× (${msText(p.idle.p99Ms)} → ${msText(p.storm.p99Ms)} ms)`,
      )
      .join(', ')}`,
  );
  const { idle, storm } = r.phases;
  if (idle.cpu && storm.cpu) {
    out.push(
      `  CPU (idle → storm): machine ${idle.cpu.machineBusyPct} → ${storm.cpu.machineBusyPct} % busy of ${storm.cpu.cpuCount} CPUs; ` +
        `in % of one core: API ${idle.cpu.apiPct} → ${storm.cpu.apiPct}, load generator ${idle.cpu.loadGeneratorPct} → ` +
        `${storm.cpu.loadGeneratorPct}, others (PostgreSQL, neighbours) ${idle.cpu.othersPct} → ${storm.cpu.othersPct}`,
    );
  }
  const a = idle.cpu?.eventLoopThread;
  const b = storm.cpu?.eventLoopThread;
  if (a && b) {
    out.push(
      `  API event-loop thread (idle → storm): on a CPU ${a.cpuPct} → ${b.cpuPct} % of the time, runnable but waiting ` +
        `for a CPU ${a.runQueueWaitPct} → ${b.runQueueWaitPct} % (${msText(a.waitPerSliceMs)} → ${msText(b.waitPerSliceMs)} ms per wake-up)`,
    );
  }
  if (idle.eventLoopDelay && storm.eventLoopDelay) {
    const late = (/** @type {import('./storm.mjs').EventLoopDelay} */ d, /** @type {number} */ v) =>
      msText(Math.max(0, v - d.minMs));
    const a = idle.eventLoopDelay;
    const b = storm.eventLoopDelay;
    out.push(
      `  API event loop, late beyond its ${msText(b.minMs)} ms sampling (its /metrics, idle → storm): ` +
        `p99 ${late(a, a.p99Ms)} → ${late(b, b.p99Ms)} ms, max ${late(a, a.maxMs)} → ${late(b, b.maxMs)} ms`,
    );
  }
  out.push(`  API peak RSS (idle → storm): ${idle.peakRssMb} → ${storm.peakRssMb} MB`);
  out.push('  targets:');
  for (const v of r.targets) out.push(`    ${`[${v.status}]`.padEnd(14)} ${v.label} — ${v.value}`);
  for (const w of r.warnings) out.push(`  !! NOISY: ${w}`);
  for (const p of r.problems) out.push(`  !! INVALID: ${p}`);
  return out.join('\n');
}

/**
 * Milliseconds with a precision that suits their size.
 * @param {number} n
 */
const msText = (n) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : String(Math.round(n)));
