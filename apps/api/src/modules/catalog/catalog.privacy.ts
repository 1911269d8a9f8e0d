/**
 * The catalog's part in a person's data export and erasure (GDPR arts. 15, 17 and 20). Both run
 * inside identity's transaction, so the export is one snapshot and an erasure happens completely or
 * not at all.
 *
 * - export: `reviews` (every review the person wrote, hidden and deleted ones too) and `vendor`
 *   (the vendors they applied for or act for, with the business contact they gave, decrypted);
 * - erasure: their reviews are deleted and emptied (rating summaries recomputed), and vendor
 *   applications they made keep the business but lose the personal contact and the link to them.
 */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { TxContext } from '../../platform/context.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { type ErasureStep, type ExportSection, vendorIdOfUser } from '../identity/index.js';
import type { CatalogCache } from './catalog.cache.js';
import { recomputeRatings } from './catalog.reviews.js';
import { products, reviews, vendors } from './catalog.tables.js';

/** What identity's self-service offers modules holding personal data. */
export interface PrivacyRegistry {
  registerExportSection(name: string, section: ExportSection): void;
  registerErasureStep(name: string, step: ErasureStep): void;
}

export interface CatalogPrivacyDeps {
  pii: PiiCipher;
  catalogCache: CatalogCache;
}

/** The encryption context of a vendor's business contact (`vendors.contact_ciphertext`). */
export const vendorContactContext = (tenantId: string) => `catalog.vendor_contact:${tenantId}`;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function registerCatalogPrivacy(me: PrivacyRegistry, deps: CatalogPrivacyDeps): void {
  const exportReviews: ExportSection = async (tx, userId) => {
    const rows = await tx.tx
      .select({ review: reviews, productTitle: products.title })
      .from(reviews)
      .innerJoin(products, and(eq(products.tenantId, reviews.tenantId), eq(products.id, reviews.productId)))
      .where(eq(reviews.userId, userId))
      .orderBy(asc(reviews.createdAt), asc(reviews.id));
    return rows.map(({ review: r, productTitle }) => ({
      id: r.id,
      product: { id: r.productId, title: productTitle },
      rating: r.rating,
      title: r.title,
      body: r.body,
      verifiedPurchase: r.verifiedPurchase,
      hidden: r.hiddenAt !== null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      deletedAt: iso(r.deletedAt),
    }));
  };

  const exportVendors: ExportSection = async (tx, userId) => {
    const actsFor = await vendorIdOfUser(tx.tx, userId);
    const rows = await tx.tx
      .select()
      .from(vendors)
      .where(or(eq(vendors.applicantUserId, userId), actsFor ? eq(vendors.id, actsFor) : undefined))
      .orderBy(asc(vendors.createdAt), asc(vendors.id));
    return rows.map((v) => ({
      id: v.id,
      slug: v.slug,
      name: v.name,
      status: v.status,
      statusReason: v.statusReason,
      relation: v.applicantUserId === userId ? (v.id === actsFor ? 'applicant_and_member' : 'applicant') : 'member',
      contact: contactOf(tx, v.contactCiphertext),
      createdAt: v.createdAt.toISOString(),
      approvedAt: iso(v.approvedAt),
      deletedAt: iso(v.deletedAt),
    }));
  };

  function contactOf(tx: TxContext, ciphertext: string | null): unknown {
    if (ciphertext === null || !tx.tenantId) return null;
    return JSON.parse(deps.pii.decrypt(ciphertext, vendorContactContext(tx.tenantId))) as unknown;
  }

  const eraseReviews: ErasureStep = async (tx, userId) => {
    const erased = await tx.tx
      .update(reviews)
      .set({
        userId: null,
        title: '',
        body: '',
        hiddenReason: null,
        deletedAt: sql`coalesce(${reviews.deletedAt}, now())`,
        version: sql`${reviews.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(reviews.userId, userId))
      .returning({ productId: reviews.productId });
    if (erased.length === 0) return;
    await recomputeRatings(
      tx.tx,
      erased.map((r) => r.productId),
    );
    const tenantId = tx.tenantId;
    if (tenantId) {
      // Cached review pages and summaries show the erased reviews until the store's version moves.
      tx.afterCommit.push(() => {
        deps.catalogCache.bump(tenantId).catch(() => undefined);
      });
    }
  };

  const eraseVendorApplications: ErasureStep = async (tx, userId) => {
    await tx.tx
      .update(vendors)
      .set({
        contactCiphertext: null,
        applicantUserId: null,
        version: sql`${vendors.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(vendors.applicantUserId, userId));
  };

  me.registerExportSection('reviews', exportReviews);
  me.registerExportSection('vendor', exportVendors);
  me.registerErasureStep('catalog.reviews', eraseReviews);
  me.registerErasureStep('catalog.vendorApplications', eraseVendorApplications);
}
