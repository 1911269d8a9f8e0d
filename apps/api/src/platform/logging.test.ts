import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from './logging.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink), lines };
}

describe('log redaction', () => {
  it('hides credentials in headers, at the top level and inside request data', () => {
    const { log, lines } = capture();
    log.info({
      req: { headers: { authorization: 'Bearer abc', cookie: 's=1', 'x-cart-token': 'ct', accept: 'json' } },
      password: 'hunter2',
      body: { email: 'a@b.c', password: 'hunter2', card: { number: '4242' }, nested: { refreshToken: 'rt' } },
      input: { paymentToken: 'tok_1' },
    });
    const text = lines.join('');
    // Personal data is redacted like secrets.
    for (const secret of ['Bearer abc', 's=1', '"ct"', 'hunter2', '4242', '"rt"', 'tok_1', 'a@b.c'])
      expect(text).not.toContain(secret);
    expect(text).toContain('json');
  });

  it('keeps request ids and other bindings as they are', () => {
    const { log, lines } = capture();
    log.child({ requestId: 'abc-1' }).warn('hello');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ requestId: 'abc-1', msg: 'hello' });
  });
});
