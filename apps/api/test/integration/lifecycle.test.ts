/** Start-up and shutdown: configuration errors stop the process; shutdown lets requests finish. */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startApp } from '../helpers.js';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then refuses new connections', async () => {
    const t = await startApp();
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((r) => (entered = r));
    t.app.get('/slow', { config: { rateLimit: false } }, async () => {
      entered();
      await new Promise((r) => setTimeout(r, 300));
      return { finished: true };
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const inFlight = get(port, '/slow');
    await inside;
    const closing = t.close();
    const res = await inFlight;
    expect(res).toEqual({ status: 200, body: '{"finished":true}' });
    await closing;
    await expect(get(port, '/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('configuration errors', () => {
  it('stop the process with a message naming each bad variable and its expected form', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: apiDir,
      env: { PATH: process.env.PATH, PORT: 'eighty', DATABASE_URL: 'mysql://nope', LOG_LEVEL: 'loud' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(78);
    expect(stderr).toContain('PORT: expected an integer port 1-65535, got "eighty"');
    expect(stderr).toContain('DATABASE_URL: expected a postgres:// URL');
    expect(stderr).toContain('LOG_LEVEL: expected fatal | error | warn | info | debug | trace | silent');
  });
});
