-- Search through the GIN indexes despite row-level security. Under a row-level security policy,
-- PostgreSQL evaluates the policy before any condition whose operator is not LEAKPROOF, so `@@`
-- (full text) and `%>` (trigram) cannot be index conditions: every search would scan the store's
-- whole catalog. These functions run as the tables' owner, which `products` does not FORCE row-level
-- security on (post-migrate.sql), and apply the store condition themselves, from the same
-- `app.tenant_id` setting the policies read: they see exactly what the policy would let through.
-- They return ids and scores only; callers join `products` again under the policy.
CREATE FUNCTION catalog_fulltext_ids(query text)
RETURNS TABLE (id uuid, rank real)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT p.id, ts_rank_cd(p.search_vector, q)
  FROM products p, websearch_to_tsquery('english', query) q
  WHERE p.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND p.listed
    AND p.search_vector @@ q
$$;
--> statement-breakpoint
CREATE FUNCTION catalog_fuzzy_title_ids(query text, threshold real)
RETURNS TABLE (id uuid, similarity real)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM set_config('pg_trgm.word_similarity_threshold', threshold::text, true);
  RETURN QUERY
    SELECT p.id, word_similarity(query, p.title)
    FROM products p
    WHERE p.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
      AND p.listed
      AND p.title %> query;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION catalog_fulltext_ids(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION catalog_fuzzy_title_ids(text, real) FROM PUBLIC;
