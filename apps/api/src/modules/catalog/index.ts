export { CATALOG_TTL_SECONDS, createCatalogCache, type CachedBody, type CatalogCache } from './catalog.cache.js';
export { NO_CATEGORY, PRICE_BUCKET_BOUNDS, priceBucketOf, priceBucketRange } from './catalog.constants.js';
export { VENDOR_STATUSES, type VendorStatus, PRODUCT_STATUSES, type ProductStatus } from './catalog.tables.js';
