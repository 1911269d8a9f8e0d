/**
 * CPU use over a phase of a run, from `/proc` (Linux; null elsewhere): how busy the whole machine was,
 * how much of it the API process took (all its threads: event loop, libuv thread pool, GC), how much
 * its main thread (the event loop) ran and waited for a CPU (scheduler statistics), and the load
 * generator's own share (this process).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * @typedef {object} CpuSnapshot
 * @property {number} total   Jiffies of every CPU, all states.
 * @property {number} idle    Jiffies idle or waiting for I/O.
 * @property {number} proc    Jiffies of the process (user + system).
 * @property {[number, number, number] | null} main  Main thread's `schedstat`: ns on a CPU, ns waiting
 *                            for one (runnable but not running), time slices.
 * @property {NodeJS.CpuUsage} self  This process, µs.
 * @property {number} at      `performance.now()`.
 */

/**
 * @typedef {object} CpuFigures
 * @property {number} machineBusyPct  Of all CPUs together (100 = every core busy).
 * @property {number} apiPct          Of one core (200 = two cores' worth).
 * @property {number} loadGeneratorPct  Of one core.
 * @property {number} othersPct       Of one core: everything else (PostgreSQL, and any neighbour).
 * @property {{ cpuPct: number, runQueueWaitPct: number, waitPerSliceMs: number } | null} eventLoopThread
 *   The API's main thread: its CPU (of one core), the share of wall time it was runnable but waiting
 *   for a CPU, and the mean wait each time it was scheduled.
 * @property {number} cpuCount
 */

/**
 * @param {number} pid
 * @returns {CpuSnapshot | null}
 */
export function cpuSnapshot(pid) {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    const counted = fields.slice(0, 8);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    /** @type {[number, number, number] | null} */
    let main = null;
    try {
      const [run, wait, slices] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8')
        .trim()
        .split(/\s+/)
        .map(Number);
      main = [run, wait, slices];
    } catch {
      // no scheduler statistics in this kernel
    }
    return {
      main,
      total: counted.reduce((a, b) => a + b, 0),
      idle: (fields[3] ?? 0) + (fields[4] ?? 0),
      proc: Number(rest[11]) + Number(rest[12]),
      self: process.cpuUsage(),
      at: performance.now(),
    };
  } catch {
    return null;
  }
}

/**
 * @param {CpuSnapshot | null} a
 * @param {CpuSnapshot | null} b
 * @returns {CpuFigures | null}
 */
export function cpuBetween(a, b) {
  if (!a || !b || b.total <= a.total) return null;
  const n = cpus().length;
  const total = b.total - a.total;
  const wallUs = (b.at - a.at) * 1000;
  const self = b.self.user + b.self.system - a.self.user - a.self.system;
  const busy = (total - (b.idle - a.idle)) / total;
  const api = ((b.proc - a.proc) / total) * n;
  const loadGenerator = wallUs > 0 ? self / wallUs : 0;
  return {
    machineBusyPct: pct(busy),
    apiPct: pct(api),
    loadGeneratorPct: pct(loadGenerator),
    othersPct: pct(Math.max(0, busy * n - api - loadGenerator)),
    eventLoopThread:
      a.main && b.main && wallUs > 0
        ? {
            cpuPct: pct((b.main[0] - a.main[0]) / 1000 / wallUs),
            runQueueWaitPct: pct((b.main[1] - a.main[1]) / 1000 / wallUs),
            waitPerSliceMs:
              Math.round(((b.main[1] - a.main[1]) / 1e6 / Math.max(1, b.main[2] - a.main[2])) * 100) / 100,
          }
        : null,
    cpuCount: n,
  };
}

/** @param {number} fraction */
const pct = (fraction) => Math.round(fraction * 1000) / 10;
