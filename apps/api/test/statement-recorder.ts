/**
 * A database that records the statements run inside tenant transactions, for tests that count
 * queries (a page of 2 rows and a page of 12 must cost the same) or watch a cursor's FETCHes. Query
 * builder calls are recorded by their verb (`select`, `insert`, …), raw statements by their text.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../src/platform/db/client.js';

export function recording(inner: Database): { database: Database; statements: string[] } {
  const dialect = new PgDialect();
  const statements: string[] = [];
  const database: Database = {
    ...inner,
    close: async () => undefined,
    tenantTransaction: (scope, fn) =>
      inner.tenantTransaction(scope, (tx) =>
        fn(
          new Proxy(tx, {
            get(target, prop, receiver) {
              const value: unknown = Reflect.get(target, prop, receiver);
              if (typeof value !== 'function') return value;
              const method = value as (...args: unknown[]) => unknown;
              if (prop === 'execute') {
                return (q: string | { getSQL(): SQL }) => {
                  statements.push(typeof q === 'string' ? q : dialect.sqlToQuery(q.getSQL()).sql);
                  return method.call(target, q);
                };
              }
              if (['select', 'selectDistinct', 'insert', 'update', 'delete'].includes(String(prop))) {
                return (...args: unknown[]) => {
                  statements.push(String(prop));
                  return method.apply(target, args);
                };
              }
              return method.bind(target);
            },
          }),
        ),
      ),
  };
  return { database, statements };
}
