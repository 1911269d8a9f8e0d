/** A request to the app as a client makes it: its store, its bearer token, a JSON body, a fresh address. */
import type { FastifyInstance } from 'fastify';
import { randomIp } from './identity-helpers.js';

export interface Call {
  token?: string;
  tenant?: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  c: Call = {},
) {
  return app.inject({
    method,
    url,
    remoteAddress: randomIp(),
    headers: {
      ...(c.tenant ? { 'x-tenant-id': c.tenant } : {}),
      ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
      ...c.headers,
    },
    ...(c.body ? { payload: c.body } : {}),
  });
}
