export { CATALOG_TTL_SECONDS, createCatalogCache, type CachedBody, type CatalogCache } from './catalog.cache.js';
export {
  CATALOG_SEALED_COLUMNS,
  NO_CATEGORY,
  PRICE_BUCKET_BOUNDS,
  priceBucketOf,
  priceBucketRange,
  vendorContactContext,
} from './catalog.constants.js';
export { VENDOR_STATUSES, type VendorStatus, PRODUCT_STATUSES, type ProductStatus } from './catalog.tables.js';
export { createReviewService, type PurchaseVerifier, type ReviewService } from './catalog.reviews.js';
export { reviewRoutes } from './catalog.reviews.routes.js';
export { registerCatalogPrivacy } from './catalog.privacy.js';
export { seedCatalog, type CatalogSeedDeps } from './catalog.seed.js';
export {
  createVendorService,
  VendorEvents,
  type VendorEventPayload,
  type VendorRow,
  type VendorService,
} from './catalog.vendors.js';
export { vendorRoutes } from './catalog.vendors.routes.js';
export { createCategoryService, type CategoryRow, type CategoryService } from './catalog.categories.js';
export { categoryRoutes } from './catalog.categories.routes.js';
export {
  createProductService,
  MAX_IMAGES_PER_PRODUCT,
  ProductEvents,
  type ProductEventPayload,
  type ProductService,
} from './catalog.products.js';
export { productRoutes } from './catalog.products.routes.js';
export { mediaRoutes } from './catalog.media.routes.js';
export { mediaUrl, storeProductImage, type StoredImage } from './catalog.images.js';
export { createBrowseService, type BrowseService } from './catalog.browse.js';
export { browseRoutes } from './catalog.browse.routes.js';
export { createCatalogCsvService, type CatalogCsvService } from './catalog.csv.js';
export { catalogCsvRoutes } from './catalog.csv.routes.js';
export { vendorSummaries, type VendorSummary } from './catalog.vendor-summaries.js';
export {
  InsufficientInventory,
  InventoryEvents,
  convertReservations,
  deductStock,
  onStockChange,
  releaseReservations,
  rereserve,
  reservationsOf,
  reserveStock,
  reserveStockOrThrow,
  restock,
  type LowStockPayload,
  type ReserveResult,
  type Shortfall,
  type StockLine,
} from './catalog.inventory.js';
export { vendorCommissionRates } from './catalog.vendor-rates.js';
export {
  lowStockVariants,
  pendingProductCount,
  pendingVendorCount,
  type LowStockItem,
} from './catalog.products.attention.js';
