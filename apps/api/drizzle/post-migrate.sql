-- Runs after every migration (idempotent). Creates the app role and gives it exactly what it needs:
-- full DML on tenant tables (row-level security FORCEd, so even their owner sees one tenant at a
-- time), read-only on the store list, insert-only on the outbox and the audit log, nothing else.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bazaar_app') THEN
    CREATE ROLE bazaar_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  -- The connecting role switches to bazaar_app in each request transaction (SET LOCAL ROLE).
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'bazaar_app', 'MEMBER') THEN
    EXECUTE format('GRANT bazaar_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO bazaar_app;

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
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO bazaar_app', t);
  END LOOP;
END
$$;

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM bazaar_app;
GRANT SELECT, INSERT ON audit_log TO bazaar_app;
GRANT INSERT ON outbox TO bazaar_app;
GRANT SELECT ON tenants, tenant_domains TO bazaar_app;
