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
  const p99Label = `p99 < ${limits.p99Ms} ms at ${limits.connections} connections`;
  verdicts.push(
    config.connections === limits.connections
      ? { label: p99Label, status: result.api.p99Ms < limits.p99Ms ? 'met' : 'missed', value: `${result.api.p99Ms} ms` }
      : { label: p99Label, status: 'not judged', value: `${result.api.p99Ms} ms at ${config.connections} connections` },
  );
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
  const rows = [['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'peak RSS MB']];
  const figures = (/** @type {string} */ label, /** @type {TargetFigures | Skipped} */ f) =>
    'skipped' in f
      ? [label, 'skipped', '', '', '', '', '']
      : [
          label,
          int(f.reqPerSec),
          String(f.p50Ms),
          String(f.p99Ms),
          String(f.non2xx),
          String(f.errors),
          f.peakRssMb.toFixed(1),
        ];
  rows.push(figures('api', r.api));
  for (const b of Object.values(r.baselines)) rows.push(figures(b.label, b));

  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (/** @type {string[]} */ row) =>
    `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ')}`;

  const out = [`${r.name} — ${r.description}`, ...rows.map(line)];
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
