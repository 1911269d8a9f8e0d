-- Bazaar database roles. Idempotent: run it once before the first migration, and again whenever a
-- password changes. Run as a superuser (or a role with CREATEROLE and CREATEDB) with psql:
--
--   psql "postgres://postgres@db-host/postgres" -v ON_ERROR_STOP=1 \
--     -v db=bazaar \
--     -v owner_password="$BAZAAR_OWNER_PASSWORD" \
--     -v api_password="$BAZAAR_API_PASSWORD" \
--     -f deploy/postgres/roles.sql
--
-- Optional variables: owner_role (default bazaar_owner), api_role (default bazaar_api).
-- On a managed service whose admin is not a superuser, run it as that admin (CREATEROLE and
-- CREATEDB); it then makes the admin a member of the owner role, as handing over the database needs.
--
-- The roles:
--   bazaar_owner   LOGIN. Owns the database and every table; the migration step connects as it
--                  (DATABASE_MIGRATION_URL). Not a superuser, no BYPASSRLS.
--   bazaar_api     LOGIN. The api and worker processes connect as it (DATABASE_URL). Owns nothing,
--                  not a superuser, no BYPASSRLS; a member of the two roles below.
--   bazaar_app     NOLOGIN. Every request transaction switches to it (SET LOCAL ROLE bazaar_app);
--                  it holds only the grants of apps/api/drizzle/post-migrate.sql, and row-level
--                  security confines it to one tenant. The migrations create it too (if absent).
--   bazaar_system  NOLOGIN. Holds what platform work done as the connection's own role needs
--                  (outbox relay, jobs, schedules, idempotency records, store management): the
--                  grants of apps/api/drizzle/post-migrate.sql, applied after each migration.

\set ON_ERROR_STOP on
\if :{?owner_role}
\else
  \set owner_role bazaar_owner
\endif
\if :{?api_role}
\else
  \set api_role bazaar_api
\endif
\if :{?db}
\else
  \set db bazaar
\endif
\if :{?owner_password}
\else
  \echo 'roles.sql: pass -v owner_password=...'
  SELECT 1/0 AS owner_password_missing;
\endif
\if :{?api_password}
\else
  \echo 'roles.sql: pass -v api_password=...'
  SELECT 1/0 AS api_password_missing;
\endif

-- Group roles (no login). Same attributes as the migration gives bazaar_app.
SELECT 'CREATE ROLE bazaar_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bazaar_app') \gexec
SELECT 'CREATE ROLE bazaar_system NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bazaar_system') \gexec

-- Login roles. Created with their attributes; later runs only (re)set the password, which a
-- non-superuser admin may do (it may not touch SUPERUSER or BYPASSRLS, even to turn them off).
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', :'owner_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner_role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'owner_role', :'owner_password') \gexec

SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', :'api_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'api_role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'api_role', :'api_password') \gexec

-- Refuse to go on with a pre-existing role that could bypass row-level security.
SELECT format('DO $check$ BEGIN RAISE EXCEPTION %L; END $check$',
              format('role %s is a superuser or has BYPASSRLS; as a superuser: ALTER ROLE %I NOSUPERUSER NOBYPASSRLS',
                     rolname, rolname))
FROM pg_roles
WHERE rolname IN (:'owner_role', :'api_role', 'bazaar_app', 'bazaar_system') AND (rolsuper OR rolbypassrls) \gexec

-- Memberships. The owner is a member of bazaar_app so that the migration's post-migrate step finds
-- the membership in place (it could not grant it itself: it does not administer the role), and so
-- that the seed can switch to it. The api role needs both group roles.
SELECT format('GRANT bazaar_app TO %I', :'owner_role') \gexec
SELECT format('GRANT bazaar_app, bazaar_system TO %I', :'api_role') \gexec

-- The database, owned by the owner role: the owner of the database also owns its public schema
-- (pg_database_owner, PostgreSQL 15+), so the migrations can create tables and grant on them.
-- A non-superuser admin (managed services) may only give a database to a role it is a member of.
SELECT format('GRANT %I TO %I', :'owner_role', current_user)
WHERE NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner_role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'owner_role') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'db', :'api_role') \gexec
