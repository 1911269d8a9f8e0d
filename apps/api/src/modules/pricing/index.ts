export { chooseShipping, priceQuote, quoteUses } from './pricing.js';
export {
  loadPricingRules,
  normaliseCode,
  redeemPromotions,
  releasePromotions,
  type PricingRuleQuery,
  type PricingRules,
  type PromotionUse,
} from './pricing.rules.js';
export type {
  AppliedPromotion,
  LineQuote,
  PricingAddress,
  PricingInput,
  PricingLine,
  PromotionRule,
  Quote,
  RejectedCode,
  ShippingOption,
  ShippingRateRule,
  ShippingZoneRule,
  TaxRateRule,
  VendorQuote,
} from './pricing.types.js';
export { createPricingAdminService, type PricingAdminService } from './pricing.admin.js';
export { pricingAdminRoutes } from './pricing.admin.routes.js';
export { seedPricing } from './pricing.seed.js';
