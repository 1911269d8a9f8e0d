#!/bin/sh
# Runs once, when the Compose postgres volume is first initialised (/docker-entrypoint-initdb.d).
# Creates the Bazaar roles and hands the database to the owner role; see ../roles.sql.
set -eu
: "${BAZAAR_OWNER_PASSWORD:?BAZAAR_OWNER_PASSWORD must be set}"
: "${BAZAAR_API_PASSWORD:?BAZAAR_API_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" \
  -v owner_password="$BAZAAR_OWNER_PASSWORD" \
  -v api_password="$BAZAAR_API_PASSWORD" \
  -f /bazaar/roles.sql
