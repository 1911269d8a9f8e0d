-- Product summaries kept by the database, whoever writes (the API, a CSV import, a bulk load):
--   products.listed      active, not deleted, and sold by an approved vendor: what shoppers see
--   products.price_*     lowest and highest price of the active variants
--   products.in_stock    some active variant has units that can be bought now
--   catalog_facet_counts listed products per (category, vendor, price bucket, in stock, featured):
--                        facet counts for browsing without scanning the catalog.
-- Price buckets (minor units): [0,1000) [1000,2500) [2500,5000) [5000,10000) [10000,25000)
-- [25000,50000) [50000,∞) are buckets 0..6; a product without an active variant is -1. The same
-- bounds are in catalog.constants.ts.
CREATE FUNCTION catalog_price_bucket(price integer) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN price IS NULL THEN -1
    WHEN price < 1000 THEN 0
    WHEN price < 2500 THEN 1
    WHEN price < 5000 THEN 2
    WHEN price < 10000 THEN 3
    WHEN price < 25000 THEN 4
    WHEN price < 50000 THEN 5
    ELSE 6
  END::smallint
$$;
--> statement-breakpoint
CREATE TABLE catalog_facet_counts (
  tenant_id uuid NOT NULL DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid,
  category_id uuid NOT NULL,
  vendor_id uuid NOT NULL,
  price_bucket smallint NOT NULL,
  in_stock boolean NOT NULL,
  featured boolean NOT NULL,
  count integer NOT NULL DEFAULT 0 CHECK (count >= 0),
  PRIMARY KEY (tenant_id, category_id, vendor_id, price_bucket, in_stock, featured)
);
--> statement-breakpoint
ALTER TABLE catalog_facet_counts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY catalog_facet_counts_tenant_isolation ON catalog_facet_counts AS PERMISSIVE FOR ALL TO public
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
CREATE FUNCTION catalog_products_listed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.listed := NEW.status = 'active' AND NEW.deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM vendors v
    WHERE v.tenant_id = NEW.tenant_id AND v.id = NEW.vendor_id AND v.status = 'approved' AND v.deleted_at IS NULL
  );
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER products_listed BEFORE INSERT OR UPDATE OF status, deleted_at, vendor_id, listed ON products
  FOR EACH ROW EXECUTE FUNCTION catalog_products_listed();
--> statement-breakpoint
CREATE FUNCTION catalog_vendors_listed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE products p SET listed = NOT p.listed
  WHERE p.tenant_id = NEW.tenant_id AND p.vendor_id = NEW.id
    AND p.listed IS DISTINCT FROM (
      p.status = 'active' AND p.deleted_at IS NULL AND NEW.status = 'approved' AND NEW.deleted_at IS NULL
    );
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER vendors_listed AFTER UPDATE OF status, deleted_at ON vendors
  FOR EACH ROW EXECUTE FUNCTION catalog_vendors_listed();
--> statement-breakpoint
CREATE FUNCTION catalog_variants_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r variants%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  UPDATE products p
  SET price_min = s.price_min, price_max = s.price_max, in_stock = s.in_stock
  FROM (
    SELECT min(v.price) AS price_min, max(v.price) AS price_max,
           coalesce(bool_or(v.on_hand - v.reserved > 0), false) AS in_stock
    FROM variants v
    WHERE v.tenant_id = r.tenant_id AND v.product_id = r.product_id AND v.active AND v.deleted_at IS NULL
  ) s
  WHERE p.tenant_id = r.tenant_id AND p.id = r.product_id
    AND (p.price_min, p.price_max, p.in_stock) IS DISTINCT FROM (s.price_min, s.price_max, s.in_stock);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER variants_summary AFTER INSERT OR DELETE OR UPDATE OF price, on_hand, reserved, active, deleted_at, product_id
  ON variants FOR EACH ROW EXECUTE FUNCTION catalog_variants_summary();
--> statement-breakpoint
CREATE FUNCTION catalog_products_facets() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.listed, OLD.category_id, OLD.vendor_id, catalog_price_bucket(OLD.price_min), OLD.in_stock, OLD.featured)
     IS NOT DISTINCT FROM (NEW.listed, NEW.category_id, NEW.vendor_id, catalog_price_bucket(NEW.price_min), NEW.in_stock, NEW.featured) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.listed THEN
    UPDATE catalog_facet_counts SET count = count - 1
    WHERE tenant_id = OLD.tenant_id
      AND category_id = coalesce(OLD.category_id, '00000000-0000-0000-0000-000000000000'::uuid)
      AND vendor_id = OLD.vendor_id AND price_bucket = catalog_price_bucket(OLD.price_min)
      AND in_stock = OLD.in_stock AND featured = OLD.featured;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.listed THEN
    INSERT INTO catalog_facet_counts AS c (tenant_id, category_id, vendor_id, price_bucket, in_stock, featured, count)
    VALUES (NEW.tenant_id, coalesce(NEW.category_id, '00000000-0000-0000-0000-000000000000'::uuid), NEW.vendor_id,
            catalog_price_bucket(NEW.price_min), NEW.in_stock, NEW.featured, 1)
    ON CONFLICT (tenant_id, category_id, vendor_id, price_bucket, in_stock, featured)
    DO UPDATE SET count = c.count + 1;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER products_facets AFTER INSERT OR DELETE OR UPDATE OF listed, category_id, vendor_id, price_min, in_stock, featured
  ON products FOR EACH ROW EXECUTE FUNCTION catalog_products_facets();
--> statement-breakpoint
-- Recounts one store's facet counts from its products (after a bulk load made with triggers off).
CREATE FUNCTION catalog_rebuild_facet_counts(store uuid) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM catalog_facet_counts WHERE tenant_id = store;
  INSERT INTO catalog_facet_counts (tenant_id, category_id, vendor_id, price_bucket, in_stock, featured, count)
  SELECT tenant_id, coalesce(category_id, '00000000-0000-0000-0000-000000000000'::uuid), vendor_id,
         catalog_price_bucket(price_min), in_stock, featured, count(*)
  FROM products WHERE tenant_id = store AND listed
  GROUP BY 1, 2, 3, 4, 5, 6;
$$;
