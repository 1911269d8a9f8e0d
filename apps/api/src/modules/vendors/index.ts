export { VENDOR_STATUSES, type VendorStatus } from './vendors.tables.js';
