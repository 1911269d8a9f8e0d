/** View types of the vendor portal, read off the API's contract (the generated SDK). */
import type { paths } from '@bazaar/sdk';

type Ok<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

/** The vendor an account acts for, or its latest application. */
export type VendorProfile = Ok<'/api/v1/vendor/profile', 'get'>;
export type VendorStatus = VendorProfile['status'];
export type ApplyBody = paths['/api/v1/vendors/apply']['post']['requestBody']['content']['application/json'];

export type SubOrder = Ok<'/api/v1/vendor/orders/{id}', 'get'>;
export type SubOrderLine = SubOrder['lines'][number];
export type Shipment = SubOrder['shipments'][number];
export type FulfillmentStatus = SubOrder['fulfillmentStatus'];
export type ShipmentBody =
  paths['/api/v1/vendor/orders/{id}/shipments']['post']['requestBody']['content']['application/json'];

export type Balance = Ok<'/api/v1/vendor/balance', 'get'>;
export type LedgerEntry = Ok<'/api/v1/vendor/ledger', 'get'>['data'][number];
export type LedgerKind = LedgerEntry['kind'];

export type CatalogImport = Ok<'/api/v1/vendor/imports/{id}', 'get'>;
export type ImportSummary = Ok<'/api/v1/vendor/imports', 'get'>['data'][number];
export type ImportRow = CatalogImport['results'][number];

/** The vendor's own sales report. */
export type SalesReport = Ok<'/api/v1/vendor/analytics/sales', 'get'>;

export const FULFILLMENT_STATUSES = [
  'unfulfilled',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
] as const satisfies readonly FulfillmentStatus[];

export const LEDGER_KINDS = [
  'sale',
  'commission',
  'refund',
  'commission_reversal',
  'payout',
  'adjustment',
] as const satisfies readonly LedgerKind[];
