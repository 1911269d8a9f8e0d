/**
 * The RabbitMQ connection (`AMQP_URL`). It reconnects with backoff when the broker goes away and
 * reports its state to `/ready`. The event transport over it plugs into `EventTransport`.
 */
import type amqp from 'amqplib';
import type { Logger } from 'pino';

export interface Broker {
  /** Opens and closes a channel: proves the broker answers. */
  ping(): Promise<void>;
  connection(): amqp.ChannelModel | null;
  close(): Promise<void>;
}

export async function connectBroker(url: string, log: Logger): Promise<Broker> {
  // Loaded only when a broker is configured.
  const { connect } = await import('amqplib');
  let current: amqp.ChannelModel | null = null;
  let closing = false;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;

  const open = async (): Promise<void> => {
    try {
      const conn = await connect(url, { timeout: 5_000 });
      attempt = 0;
      current = conn;
      conn.on('error', (err: unknown) => log.warn({ err }, 'broker connection error'));
      conn.on('close', () => {
        current = null;
        if (!closing) schedule();
      });
    } catch (err) {
      log.warn({ err }, 'broker unreachable');
      schedule();
    }
  };
  const schedule = () => {
    attempt += 1;
    retry = setTimeout(() => void open(), Math.min(30_000, 500 * 2 ** attempt));
    retry.unref();
  };

  await open();
  return {
    async ping() {
      if (!current) throw new Error('broker is not connected');
      const ch = await current.createChannel();
      await ch.close();
    },
    connection: () => current,
    async close() {
      closing = true;
      if (retry) clearTimeout(retry);
      await current?.close().catch(() => undefined);
    },
  };
}
