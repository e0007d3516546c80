#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export GREENMFG_DEBUG=1
export GREENMFG_TASKS_IMMEDIATE=1

echo "== ruff (lint and format)"
$BIN/ruff check
$BIN/ruff format --check

echo "== mypy --strict (core, synth, platform with django-stubs, cli, reports)"
$BIN/mypy

echo "== PostgreSQL"
bash scripts/ensure-postgres.sh

echo "== Redis (the serve-stack tests queue tasks on it)"
bash scripts/ensure-redis.sh

echo "== pytest: core and platform on SQLite"
$BIN/pytest -n 2 --dist loadfile -m "not e2e and not postgres" tests

echo "== pytest: platform on PostgreSQL (incl. concurrency and browser tests)"
GREENMFG_DATABASE_URL="postgres://postgres@127.0.0.1:5432/greenmfg" \
  GREENMFG_TEST_DB_NAME="${GREENMFG_TEST_DB_NAME:-test_greenmfg}" \
  $BIN/pytest -n 2 --dist loadfile tests/platform
