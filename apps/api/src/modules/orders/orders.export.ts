/**
 * The order export: one CSV row per order line, streamed through a database cursor in one
 * transaction. Rows are fetched a batch at a time and the next batch only once the HTTP response
 * has taken the previous one (`write()` returning false waits for `drain`), so memory stays flat
 * whatever the date range: the slow reader slows the query, not the other way round.
 *
 * No personal data is exported: no email, no address, no names of shoppers.
 */
import { type Stringifier, stringify } from 'csv-stringify';
import { sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/client.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { BadRequest } from '../../platform/errors.js';
import { vendorSummaries } from '../catalog/index.js';
import { minorDigits } from './orders.money.js';

export const EXPORT_BATCH = 1000;

const HEADER = [
  'order_number',
  'placed_at',
  'status',
  'payment_status',
  'vendor',
  'sku',
  'title',
  'quantity',
  'unit_price',
  'line_total',
  'order_total',
  'currency',
];

interface ExportRow {
  number: string;
  placed_at: Date | string;
  status: string;
  payment_status: string;
  vendor_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price: number;
  line_total: number;
  order_total: number;
  currency: string;
}

const TZ_RE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,3}$/;

/** The IANA time zone of `X-Timezone` (default UTC); 400 `invalid_timezone` for anything else. */
export function timeZoneFrom(header: string | undefined): string {
  const value = header?.trim() || 'UTC';
  if (TZ_RE.test(value)) {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      // Falls through to the error below.
    }
  }
  throw new BadRequest('invalid_timezone', 'X-Timezone must be an IANA time zone name such as Europe/Berlin.');
}

/** `2024-05-01 14:03:59` in `timeZone`. */
export function localTimeFormatter(timeZone: string): (d: Date) => string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (d) => {
    const p: Record<string, string> = {};
    for (const part of f.formatToParts(d)) p[part.type] = part.value;
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
}

const decimal = (minor: number, currency: string) => {
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
};

/** Resolves when `stream` can take more, rejects when it was closed (the client went away). */
function drained(stream: Stringifier): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', closed);
      resolve();
    };
    const closed = () => {
      stream.off('drain', done);
      stream.off('close', closed);
      reject(new Error('the export stream was closed'));
    };
    stream.on('drain', done);
    stream.on('close', closed);
  });
}

export interface ExportRange {
  from?: string | undefined;
  to?: string | undefined;
  timeZone: string;
}

/**
 * Starts the export and returns the CSV stream at once; rows flow into it as the response takes
 * them. A failure midway destroys the stream (the client sees a cut-off download, never a partial
 * file that looks complete).
 */
export function exportOrdersCsv(deps: { uow: UnitOfWork }, ctx: RequestContext, range: ExportRange): Stringifier {
  const out = stringify({ header: true, columns: HEADER });
  const localTime = localTimeFormatter(range.timeZone);
  const vendorNames = new Map<string, string>();

  const run = deps.uow(ctx, async ({ tx }) => {
    await tx.execute(sql`
      declare orders_export no scroll cursor for
      select o.number, o.placed_at, o.status, o.payment_status, l.vendor_id, l.sku, l.title, l.quantity,
             l.unit_price, l.total as line_total, o.total as order_total, o.currency
      from orders o
      join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
      where o.deleted_at is null
        ${range.from ? sql`and o.placed_at >= ${range.from}::timestamptz` : sql``}
        ${range.to ? sql`and o.placed_at < ${range.to}::timestamptz` : sql``}
      order by o.placed_at, o.id, l.created_at, l.id`);
    let lastPlaced: number | undefined;
    let lastText = '';
    for (;;) {
      if (out.destroyed) return;
      const rows = rowsOf<ExportRow>(await tx.execute(sql.raw(`fetch ${EXPORT_BATCH} from orders_export`)));
      if (rows.length === 0) break;
      const unknown = [...new Set(rows.map((r) => r.vendor_id))].filter((id) => !vendorNames.has(id));
      if (unknown.length > 0) {
        for (const [id, v] of await vendorSummaries(tx, unknown)) vendorNames.set(id, v.name);
      }
      for (const r of rows) {
        const placed = new Date(r.placed_at);
        if (placed.getTime() !== lastPlaced) {
          lastPlaced = placed.getTime();
          lastText = localTime(placed);
        }
        const ok = out.write([
          r.number,
          lastText,
          r.status,
          r.payment_status,
          vendorNames.get(r.vendor_id) ?? r.vendor_id,
          r.sku,
          r.title,
          r.quantity,
          decimal(r.unit_price, r.currency),
          decimal(r.line_total, r.currency),
          decimal(r.order_total, r.currency),
          r.currency,
        ]);
        if (!ok) await drained(out);
      }
      if (rows.length < EXPORT_BATCH) break;
    }
    await tx.execute(sql`close orders_export`);
  });
  run.then(
    () => {
      if (!out.destroyed) out.end();
    },
    (err: unknown) => {
      if (!out.destroyed) out.destroy(err instanceof Error ? err : new Error(String(err)));
    },
  );
  return out;
}
