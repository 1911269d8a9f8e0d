/**
 * The invoice of an order as a PDF (pdfkit): the store, the order number and dates, the addresses,
 * the lines grouped by vendor with their tax, and the totals, amounts formatted in the order's
 * locale. The standard PDF fonts cover Latin-1 only, so text outside it is transliterated where it
 * can be and replaced where it cannot, and currency symbols outside it fall back to the ISO code.
 */
import PDFDocument from 'pdfkit';
import { formatMoney } from './orders.money.js';
import type { Address, OrderView } from './orders.schemas.js';

export interface InvoiceInput {
  store: { name: string; supportEmail?: string | null };
  order: OrderView;
  locale: string;
}

/** Text the standard fonts can draw. */
function latin1(text: string): string {
  return (
    text
      .normalize('NFKD')
      // Combining marks left by the decomposition (é → e + ´) go; what stays outside Latin-1 becomes "?".
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2013\u2014]/g, '-')
      .replace(/[\u202f\u2009]/g, ' ')
      // eslint-disable-next-line no-control-regex -- the range starts at NUL on purpose: all of Latin-1
      .replace(/[^\u0000-\u00ff]/g, '?')
  );
}

function dateText(iso: string | null, locale: string): string {
  if (!iso) return '-';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

function addressLines(a: Address | null): string[] {
  if (!a) return ['-'];
  return [
    a.name,
    a.line1,
    a.line2 ?? '',
    [a.postalCode, a.city].filter(Boolean).join(' '),
    [a.region, a.country].filter(Boolean).join(', '),
  ].filter((l) => l.trim() !== '');
}

/** The PDF, as bytes. */
export function renderInvoice({ store, order, locale }: InvoiceInput): Promise<Buffer> {
  const money = (m: { amount: number; currency: string }) =>
    formatMoney(m.amount, m.currency, locale, { latin1Only: true });
  const de = locale.toLowerCase().startsWith('de');
  const t = de
    ? {
        invoice: 'Rechnung',
        order: 'Bestellung',
        placed: 'Bestellt am',
        status: 'Status',
        shipTo: 'Lieferadresse',
        billTo: 'Rechnungsadresse',
        soldBy: 'Verkauft von',
        item: 'Artikel',
        qty: 'Menge',
        price: 'Preis',
        tax: 'Steuer',
        total: 'Summe',
        subtotal: 'Zwischensumme',
        discount: 'Rabatt',
        shipping: 'Versand',
        refunded: 'Erstattet',
        taxIncluded: 'Preise inkl. Steuer',
      }
    : {
        invoice: 'Invoice',
        order: 'Order',
        placed: 'Placed',
        status: 'Status',
        shipTo: 'Ship to',
        billTo: 'Bill to',
        soldBy: 'Sold by',
        item: 'Item',
        qty: 'Qty',
        price: 'Price',
        tax: 'Tax',
        total: 'Total',
        subtotal: 'Subtotal',
        discount: 'Discount',
        shipping: 'Shipping',
        refunded: 'Refunded',
        taxIncluded: 'Prices include tax',
      };

  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: latin1(`${t.invoice} ${order.number}`), Author: latin1(store.name), Producer: 'Bazaar' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('Helvetica-Bold').fontSize(20).text(latin1(store.name), left, 50);
  if (store.supportEmail) doc.font('Helvetica').fontSize(9).text(latin1(store.supportEmail));
  doc.moveDown(0.5);
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(latin1(`${t.invoice} - ${t.order} ${order.number}`));
  doc.font('Helvetica').fontSize(10);
  doc.text(latin1(`${t.placed}: ${dateText(order.placedAt, locale)}`));
  doc.text(latin1(`${t.status}: ${order.status} / ${order.paymentStatus}`));
  doc.moveDown();

  const top = doc.y;
  doc.font('Helvetica-Bold').text(latin1(t.shipTo), left, top);
  doc
    .font('Helvetica')
    .text(latin1(addressLines(order.shippingAddress).join('\n')), left, doc.y, { width: width / 2 - 10 });
  const afterShip = doc.y;
  doc.font('Helvetica-Bold').text(latin1(t.billTo), left + width / 2, top);
  doc
    .font('Helvetica')
    .text(latin1(addressLines(order.billingAddress ?? order.shippingAddress).join('\n')), left + width / 2, doc.y, {
      width: width / 2,
    });
  doc.y = Math.max(afterShip, doc.y);
  doc.moveDown();

  const cols = {
    item: left,
    qty: left + width * 0.5,
    price: left + width * 0.6,
    tax: left + width * 0.75,
    total: left + width * 0.87,
  };
  const row = (cells: { item: string; qty: string; price: string; tax: string; total: string }, bold = false) => {
    if (doc.y > doc.page.height - 100) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    doc.text(latin1(cells.item), cols.item, y, { width: width * 0.48 });
    const bottom = doc.y;
    doc.text(cells.qty, cols.qty, y, { width: width * 0.08, align: 'right' });
    doc.text(latin1(cells.price), cols.price, y, { width: width * 0.14, align: 'right' });
    doc.text(latin1(cells.tax), cols.tax, y, { width: width * 0.11, align: 'right' });
    doc.text(latin1(cells.total), cols.total, y, { width: width * 0.13, align: 'right' });
    doc.y = Math.max(bottom, doc.y) + 2;
  };

  for (const sub of order.subOrders) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(latin1(`${t.soldBy} ${sub.vendor.name} (${sub.number})`), left, doc.y);
    doc.moveDown(0.3);
    row({ item: t.item, qty: t.qty, price: t.price, tax: t.tax, total: t.total }, true);
    for (const l of sub.lines) {
      const options = Object.entries(l.options)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      row({
        item: `${l.title}${options ? ` (${options})` : ''} - ${l.sku}`,
        qty: String(l.quantity),
        price: money(l.unitPrice),
        tax: money(l.tax),
        total: money(l.total),
      });
    }
    if (sub.totals.shipping.amount > 0) {
      row({
        item: `${t.shipping}${sub.shippingMethod ? `: ${sub.shippingMethod}` : ''}`,
        qty: '',
        price: '',
        tax: '',
        total: money(sub.totals.shipping),
      });
    }
    doc.moveDown(0.5);
  }

  doc.moveDown();
  const totals: Array<[string, string]> = [
    [t.subtotal, money(order.totals.subtotal)],
    ...(order.totals.discount.amount > 0 ? [[t.discount, `-${money(order.totals.discount)}`] as [string, string]] : []),
    [t.shipping, money(order.totals.shipping)],
    [order.taxIncluded ? `${t.tax} (${t.taxIncluded})` : t.tax, money(order.totals.tax)],
    [t.total, money(order.totals.total)],
    ...(order.totals.refunded.amount > 0 ? [[t.refunded, `-${money(order.totals.refunded)}`] as [string, string]] : []),
  ];
  for (const [label, value] of totals) {
    const y = doc.y;
    doc.font(label === t.total ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    doc.text(latin1(label), left + width * 0.5, y, { width: width * 0.3 });
    doc.text(latin1(value), left + width * 0.8, y, { width: width * 0.2, align: 'right' });
    doc.moveDown(0.2);
  }
  if (order.couponCodes.length > 0) {
    doc
      .moveDown()
      .font('Helvetica')
      .fontSize(8)
      .text(latin1(order.couponCodes.join(', ')), left);
  }
  doc.end();
  return done;
}
