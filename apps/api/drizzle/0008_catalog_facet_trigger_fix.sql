-- The facet-count trigger must also fire when `listed` changes through the BEFORE trigger (a
-- moderator approving or archiving a product, a soft delete): `UPDATE OF` names the columns an
-- UPDATE statement sets, not those a trigger changes. Counts made before are rebuilt per store.
DROP TRIGGER products_facets ON products;
--> statement-breakpoint
CREATE TRIGGER products_facets AFTER INSERT OR DELETE
  OR UPDATE OF listed, status, deleted_at, category_id, vendor_id, price_min, in_stock, featured
  ON products FOR EACH ROW EXECUTE FUNCTION catalog_products_facets();
--> statement-breakpoint
DO $$
DECLARE
  store uuid;
BEGIN
  FOR store IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', store::text, true);
    PERFORM catalog_rebuild_facet_counts(store);
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END
$$;
