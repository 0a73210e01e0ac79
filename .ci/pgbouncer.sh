#!/usr/bin/env bash
# Runs the integration tests through PgBouncer in transaction mode (the way Supabase's and Neon's poolers
# behave): installs the Debian package when missing, starts PgBouncer on 127.0.0.1:6432 in front of the
# local Postgres on 5432 with .ci/pgbouncer.ini, runs `vitest run int.test` with DATABASE_URL pointing at it
# (`?pgbouncer=true` turns off prepared statements), writes the JSON report to the path given as $1, and
# stops PgBouncer. Called by .ci/run; can run alone: `bash .ci/pgbouncer.sh .reports/vitest-pgbouncer.json`.
set -uo pipefail
cd "$(dirname "$0")/.."
report="${1:-.reports/vitest-pgbouncer.json}"
shift || true
# Further arguments narrow the run (default: every integration test file).
filters=("$@")
[ ${#filters[@]} -eq 0 ] && filters=(int.test)

if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  echo "Installing PgBouncer (Debian package)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer) || { echo "Could not install pgbouncer"; exit 1; }
fi
PGBOUNCER="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"

run_dir="$(mktemp -d /tmp/fieldsync-pgbouncer.XXXXXX)"
cp .ci/pgbouncer.ini "$run_dir/pgbouncer.ini"
echo '"postgres" ""' > "$run_dir/userlist.txt"
# PgBouncer refuses to run as root: run it as the postgres system user then.
as_user=()
if [ "$(id -u)" = "0" ]; then
  chown -R postgres "$run_dir"
  as_user=(runuser -u postgres --)
fi
stop() {
  if [ -f "$run_dir/pgbouncer.pid" ]; then kill "$(cat "$run_dir/pgbouncer.pid")" 2>/dev/null || true; fi
  sleep 0.5
  rm -rf "$run_dir"
}
trap stop EXIT

(cd "$run_dir" && "${as_user[@]}" "$PGBOUNCER" -d pgbouncer.ini) || { echo "PgBouncer did not start"; cat "$run_dir/pgbouncer.log" 2>/dev/null; exit 1; }
for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 6432 && break; sleep 0.5; done
pg_isready -q -h 127.0.0.1 -p 6432 || { echo "PgBouncer is not answering on 6432"; cat "$run_dir/pgbouncer.log"; exit 1; }

mkdir -p "$(dirname "$report")"
DATABASE_URL="postgres://postgres@127.0.0.1:6432/test?pgbouncer=true" node node_modules/vitest/vitest.mjs run "${filters[@]}" \
  --reporter=default --reporter=json --outputFile.json="$report"
status=$?
echo "PgBouncer (transaction mode) served $(grep -c 'login attempt' "$run_dir/pgbouncer.log" 2>/dev/null || echo 0) client connections."
exit $status
