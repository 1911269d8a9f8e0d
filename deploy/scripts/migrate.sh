#!/bin/sh
# The migration step, run once per release before the new api/worker/web start (Compose service
# `migrate`, Kubernetes Job `bazaar-migrate`). Idempotent; concurrent runs are serialised by an
# advisory lock in the database. Needs DATABASE_MIGRATION_URL (the owner role).
#   1. npm run db:migrate   committed SQL migrations, then the roles' grants (post-migrate.sql)
#   2. npm run db:seed      demo stores, only when BAZAAR_DEMO is on
set -eu
cd "$(dirname "$0")/../.."

npm run --silent db:migrate

case "$(printf '%s' "${BAZAAR_DEMO:-0}" | tr '[:upper:]' '[:lower:]')" in
  1 | true | yes | on) npm run --silent db:seed ;;
  *) echo "demo seed skipped (BAZAAR_DEMO is not on)" ;;
esac
