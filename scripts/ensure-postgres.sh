#!/usr/bin/env bash
# Starts the local PostgreSQL cluster if it is not answering on 127.0.0.1:5432.
set -euo pipefail
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  exit 0
fi
echo "PostgreSQL is down; starting it."
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && exit 0
  sleep 1
done
echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
