/** Resident memory of a process, sampled while it is under load. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Current resident set size in bytes: `/proc/<pid>/status` (VmRSS) on Linux, `ps` elsewhere.
 * @param {number} pid
 * @returns {Promise<number | null>} null when the process is gone
 */
export async function rssBytes(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT' || process.platform === 'linux') return null;
  }
  try {
    const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(pid)]);
    const kb = Number(stdout.trim());
    return Number.isFinite(kb) && kb > 0 ? kb * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Samples `pid` every `intervalMs` until `stop()`, which returns the peak (bytes; 0 if never seen).
 * @param {number} pid
 * @param {number} [intervalMs]
 */
export function watchPeakRss(pid, intervalMs = 100) {
  let peak = 0;
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    const bytes = await rssBytes(pid);
    if (bytes !== null && bytes > peak) peak = bytes;
    busy = false;
  };
  void sample();
  const timer = setInterval(sample, intervalMs);
  return {
    /** @returns {Promise<number>} */
    async stop() {
      clearInterval(timer);
      await sample();
      return peak;
    },
  };
}

/** @param {number} bytes */
export const toMb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
