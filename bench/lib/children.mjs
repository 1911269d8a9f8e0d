/**
 * Child processes of a benchmark run: spawning, output capture, readiness, and stopping every one of
 * them whatever way the run ends (success, error, Ctrl-C), so no server outlives the harness.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Lines of output kept per child, for error reports. */
const KEEP_LINES = 200;

/** Every child that has not exited yet. */
const live = new Set();

/** A spawned process with its recent output. */
export class Child {
  /**
   * @param {string} name  Shown in messages.
   * @param {string} command
   * @param {string[]} args
   * @param {import('node:child_process').SpawnOptions} [options]
   */
  constructor(name, command, args, options = {}) {
    this.name = name;
    /** @type {string[]} last lines of stdout and stderr, interleaved */
    this.lines = [];
    /** Lines of output seen in total. */
    this.lineCount = 0;
    /** Set once the process has exited: the exit code, or the signal name. */
    this.exitStatus = /** @type {number | string | null} */ (null);
    /** Whether `stop()` was asked for; an exit before that is unexpected. */
    this.stopping = false;

    this.process = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this);
    /** @type {Promise<number | string>} */
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        live.delete(this);
        this.exitStatus = signal ?? code ?? 0;
        resolve(this.exitStatus);
      });
      this.process.once('error', (err) => {
        live.delete(this);
        this.#keep(`spawn failed: ${err.message}`);
        this.exitStatus = 'spawn-error';
        resolve(this.exitStatus);
      });
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (/** @type {string} */ chunk) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.#keep(line);
      });
      stream?.on('end', () => partial && this.#keep(partial));
    }
  }

  /** @param {string} line */
  #keep(line) {
    if (line.trim() === '') return;
    this.lineCount += 1;
    this.lines.push(line);
    if (this.lines.length > KEEP_LINES) this.lines.shift();
  }

  /** @returns {number | undefined} */
  get pid() {
    return this.process.pid;
  }

  get running() {
    return this.exitStatus === null;
  }

  /**
   * The last lines of output, indented, for error messages.
   * @param {number} [n]
   */
  tail(n = 30) {
    return this.lines
      .slice(-n)
      .map((l) => `    ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`)
      .join('\n');
  }

  /**
   * SIGTERM, then SIGKILL after `graceMs`.
   * @param {number} [graceMs]
   */
  async stop(graceMs = 5_000) {
    this.stopping = true;
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = sleep(graceMs).then(() => 'timeout');
    if ((await Promise.race([this.exited, timer])) === 'timeout' && this.running) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
  }
}

/**
 * Runs a command to completion, capturing its output.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<Child>} resolves when it exits with 0
 * @throws {Error} naming the command and showing its last output otherwise
 */
export async function runToCompletion(name, command, args, options = {}) {
  const child = new Child(name, command, args, options);
  const status = await child.exited;
  if (status !== 0) {
    throw new Error(`${name} failed (exit ${status}): ${[command, ...args].join(' ')}\n${child.tail(40)}`);
  }
  return child;
}

/** Stops every live child (in parallel). */
export async function stopAll() {
  await Promise.all([...live].map((c) => c.stop()));
}

/** Last resort from a synchronous `exit` handler: SIGKILL whatever is still running. */
export function killAllNow() {
  for (const c of live) {
    c.stopping = true;
    try {
      c.process.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until it answers 200.
 * @param {string} url
 * @param {Child} child  Gives up early when it exits.
 * @param {number} timeoutMs
 */
export async function waitForHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!child.running) {
      throw new Error(`${child.name} exited (${child.exitStatus}) before ${url} answered\n${child.tail()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
    await sleep(200);
  }
  throw new Error(`${child.name}: ${url} not healthy within ${timeoutMs / 1000} s (last: ${last})\n${child.tail()}`);
}
