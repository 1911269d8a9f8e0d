/** The vendor's own sales report, `GET /api/v1/vendor/analytics/sales`. */
import { browserApi } from '../../lib/browser-api';
import type { Range } from '../console/RangeControls';

export function fetchVendorSales(range: Range) {
  return browserApi.GET('/api/v1/vendor/analytics/sales', {
    params: { query: { from: range.from, to: range.to, interval: range.interval } },
  });
}
