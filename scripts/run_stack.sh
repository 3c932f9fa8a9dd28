#!/usr/bin/env bash
# The production topology as plain processes on this machine (what docker-compose.yml runs in
# containers): gunicorn (web), two Celery workers and Celery beat, against DATABASE_URL
# (PostgreSQL) and REDIS_URL (Redis). Ctrl-C (or SIGTERM) stops them all; if one dies, the
# others are stopped too.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc REDIS_URL=redis://127.0.0.1:6379/0 \
#     bash scripts/run_stack.sh            # or: make run-prod
#
# Environment: PORT (default: a free port), HOST (127.0.0.1), WEB_WORKERS (2), WORKERS (2),
# WORKER_CONCURRENCY (1), RUN_STACK_MIGRATE (1: migrate first), RUN_STACK_BEAT (1), VENV (.venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database}"
: "${REDIS_URL:?set REDIS_URL to a Redis database}"
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
WEB_WORKERS=${WEB_WORKERS:-2}
WORKERS=${WORKERS:-2}
WORKER_CONCURRENCY=${WORKER_CONCURRENCY:-1}
export DATABASE_URL REDIS_URL PYTHONUNBUFFERED=1

if [[ "${RUN_STACK_MIGRATE:-1}" == 1 ]]; then
  "$PY" manage.py migrate --noinput
fi

pids=()
stopping=0
stop_all() {
  [[ $stopping == 1 ]] && return
  stopping=1
  echo "run_stack: stopping ${#pids[@]} processes" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 143' INT TERM

# Each process's output goes to this terminal with a prefix saying which process it came from.
start() {
  local name=$1
  shift
  "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=($!)
}

start web "$VENV/bin/gunicorn" cpc.wsgi:application --bind "$HOST:$PORT" --workers "$WEB_WORKERS" \
  --config gunicorn.conf.py --access-logfile - --graceful-timeout 10
for n in $(seq 1 "$WORKERS"); do
  start "worker$n" "$VENV/bin/celery" -A cpc worker -l info -n "worker$n-$PORT@%h" \
    --concurrency "$WORKER_CONCURRENCY" --prefetch-multiplier 1
done
if [[ "${RUN_STACK_BEAT:-1}" == 1 ]]; then
  start beat "$VENV/bin/celery" -A cpc beat -l info --pidfile=
fi

echo "run_stack: serving http://$HOST:$PORT/ (web, $WORKERS workers$([[ "${RUN_STACK_BEAT:-1}" == 1 ]] && echo ", beat"))"

# Stop everything as soon as any one process exits.
while true; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run_stack: process $pid exited" >&2
      exit 1
    fi
  done
  sleep 1
done
