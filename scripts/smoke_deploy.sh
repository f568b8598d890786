#!/usr/bin/env bash
# Smoke test of the scheduled deployment: a real local Prefect server accepts prefect.yaml's
# deployment with its cron schedule. Runs from the repository root with the project installed.
#   bash scripts/smoke_deploy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
PORT=${PORT:-4391}
export PREFECT_HOME=$(mktemp -d)
export PREFECT_API_URL=http://127.0.0.1:$PORT/api
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export QDEXTRACT_HOME=$PWD
export PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED=false  # no nightly run over raw/ from this check
"$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" >"$PREFECT_HOME/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$PREFECT_API_URL/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$PREFECT_API_URL/health" >/dev/null
"$BIN/prefect" work-pool create qdextract-pool --type process >/dev/null
"$BIN/prefect" --no-prompt deploy --all
out=$("$BIN/prefect" deployment inspect "qdextract/qdextract-nightly")
echo "$out" | grep -q "0 2 \* \* \*" || { echo "smoke: the cron schedule is missing"; exit 1; }
echo "$out" | tr -d ' \n' | grep -q "'limit':1," || { echo "smoke: the concurrency limit of one is missing"; exit 1; }
echo "$out" | grep -q "ENQUEUE" || { echo "smoke: a second run would not wait for the first"; exit 1; }
echo "smoke: deployment qdextract/qdextract-nightly accepted with schedule 0 2 * * * and one run at a time"
# The whole operator's walk (worker, runs, states, logs, artifacts): tests/run/test_deployment.py
