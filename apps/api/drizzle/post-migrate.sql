-- Runs after every migration (idempotent). Creates the two group roles and gives each exactly
-- what it needs:
--   bazaar_app     every request transaction switches to it: full DML on tenant tables (row-level
--                  security FORCEd, so even their owner sees one tenant at a time), read-only on
--                  the store list, insert-only on the outbox and the audit log, nothing else.
--   bazaar_system  platform work done as the connecting role (outbox relay, jobs, schedules,
--                  idempotency records, store management): DML on the system tables and the store
--                  list, and past the outbox's tenant policies. A login role that is not the table
--                  owner (production's bazaar_api) is made a member of both.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bazaar_app') THEN
    CREATE ROLE bazaar_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bazaar_system') THEN
    CREATE ROLE bazaar_system NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  -- The connecting role switches to bazaar_app in each request transaction (SET LOCAL ROLE).
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'bazaar_app', 'MEMBER') THEN
    EXECUTE format('GRANT bazaar_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO bazaar_app, bazaar_system;

-- What schema state this database is at (written by the migrator; lets a restart skip migrating).
CREATE TABLE IF NOT EXISTS bazaar_meta (key text PRIMARY KEY, value text NOT NULL);

DO $$
DECLARE
  t regclass;
BEGIN
  -- Tenant tables are the ones carrying the tenant isolation policy.
  FOR t IN
    SELECT DISTINCT format('%I.%I', p.schemaname, p.tablename)::regclass
    FROM pg_policies p
    WHERE p.schemaname = 'public' AND p.policyname LIKE '%\_tenant\_isolation'
  LOOP
    -- products: the owner runs the catalog search functions (migration 0007), which apply the store
    -- condition themselves; every other role still meets the policy.
    IF t::text = 'products' THEN
      EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', t);
    ELSE
      EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO bazaar_app', t);
    -- Platform work inside one store (creating a store's owner, key rotation) is still confined to
    -- that store by the same policy.
    IF t::text <> 'audit_log' THEN
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO bazaar_system', t);
    END IF;
  END LOOP;
END
$$;

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM bazaar_app;
GRANT SELECT, INSERT ON audit_log TO bazaar_app;
GRANT INSERT ON outbox TO bazaar_app;
GRANT SELECT ON tenants, tenant_domains TO bazaar_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON outbox, jobs, processed_events, scheduled_tasks, idempotency_keys,
  event_subscriptions, tenants, tenant_domains TO bazaar_system;
GRANT SELECT ON bazaar_meta TO bazaar_system;
-- Store management writes each store's audit trail (inside that store's tenant setting: the
-- audit log's FORCEd row-level security still applies).
GRANT SELECT, INSERT ON audit_log TO bazaar_system;
-- The relay reads every store's events; the outbox's own policies confine everyone else to one.
DROP POLICY IF EXISTS outbox_system_access ON outbox;
CREATE POLICY outbox_system_access ON outbox AS PERMISSIVE FOR ALL TO bazaar_system USING (true) WITH CHECK (true);

-- Catalog search through the indexes (migration 0007): callable by the request role only.
GRANT EXECUTE ON FUNCTION catalog_fulltext_ids(text), catalog_fuzzy_title_ids(text, real) TO bazaar_app;
