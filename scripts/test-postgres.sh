#!/usr/bin/env bash
# Starts a local PostgreSQL for the tests (Debian's package) and makes the role they connect as.
# Run as root or with sudo; safe to run again. The tests find the server through TEST_DATABASE_URL,
# by default postgres://akhbar_test:akhbar_test@127.0.0.1:5432/postgres.
set -euo pipefail
if [ "$(id -u)" = 0 ]; then SUDO=""; AS_POSTGRES="runuser -u postgres --"; else SUDO="sudo"; AS_POSTGRES="sudo -u postgres"; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "--- installing Debian's PostgreSQL"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

# The newest installed version's main cluster; created when the package made none.
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  $SUDO pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  $SUDO pg_ctlcluster "$version" main start
fi

# A role that may create and drop its own test databases, and nothing more.
$AS_POSTGRES psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'akhbar_test') THEN
    CREATE ROLE akhbar_test LOGIN CREATEDB PASSWORD 'akhbar_test';
  END IF;
END $$;
SQL
echo "PostgreSQL $version is up; tests connect as akhbar_test on 127.0.0.1:5432"
