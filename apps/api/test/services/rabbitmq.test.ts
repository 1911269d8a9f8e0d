/** Real RabbitMQ (AMQP_URL): readiness checks the broker and names it when it is down. */
import { describe, expect, it } from 'vitest';
import { startApp } from '../helpers.js';

const amqpUrl = process.env.AMQP_URL;
if (!amqpUrl) throw new Error('the RabbitMQ tier needs AMQP_URL');

describe('RabbitMQ', () => {
  it('reports the broker in /ready', async () => {
    const t = await startApp({ AMQP_URL: amqpUrl });
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ checks: { broker: { status: 'up' } } });
    await t.close();
  });

  it('answers 503 naming the broker when it is unreachable', async () => {
    const t = await startApp({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' });
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      code: 'not_ready',
      failing: ['broker'],
      checks: { broker: { status: 'down' } },
    });
    await t.close();
  });
});
