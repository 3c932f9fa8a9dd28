#!/usr/bin/env bash
# The production topology as plain processes on this machine (what docker-compose.yml runs in
# containers): gunicorn (web), two Celery workers and Celery beat, against DATABASE_URL
# (PostgreSQL) and REDIS_URL (Redis). Ctrl-C (or SIGTERM) stops them all; if one dies, the
# others are stopped too.
#
#   DATABASE_OWNER_URL=postgres://postgres@127.0.0.1:5432/cpc \
#   DATABASE_URL=postgres://cpc_app@127.0.0.1:5432/cpc REDIS_URL=redis://127.0.0.1:6379/0 \
#     bash scripts/run_stack.sh            # or: make run-prod
#
# Environment: PORT (default: a free port), HOST (127.0.0.1), WEB_WORKERS (2), WORKERS (2),
# WORKER_CONCURRENCY (1), RUN_STACK_MIGRATE (1: migrate first), RUN_STACK_COLLECTSTATIC (1: collect
# static files first), RUN_STACK_BEAT (1), VENV (.venv); DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
# and DJANGO_SECURE_SSL_REDIRECT as for any production run (defaults for this machine below).
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

# Production settings, DEBUG off: what a deployment runs. With no secrets given (a run on this
# machine), a throwaway secret key (sign-ins end when the stack stops) and the loopback host names.
# Served over plain HTTP here, so no redirect to HTTPS; cookies stay Secure, which browsers accept
# from http://127.0.0.1 and http://localhost.
export DJANGO_ENV=production
if [[ -z "${DJANGO_SECRET_KEY:-}" ]]; then
  DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
  echo "run_stack: DJANGO_SECRET_KEY is not set: using a throwaway key for this run" >&2
fi
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-$HOST,127.0.0.1,localhost}
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-0}

# With DEBUG off every page needs the static manifest: collect as the image does.
if [[ "${RUN_STACK_COLLECTSTATIC:-1}" == 1 ]]; then
  PY="$PY" bash scripts/collect_static.sh --verbosity 0
fi

if [[ "${RUN_STACK_MIGRATE:-1}" == 1 ]]; then
  # With DATABASE_OWNER_URL, migrate logs in as the tables' owner, then the app's role (DATABASE_URL's
  # user) is created or re-granted; the processes below log in as that role, held to row-level security.
  "$PY" manage.py migrate --noinput
  if [[ -n "${DATABASE_OWNER_URL:-}" ]]; then
    app_url() { "$PY" -c "import dj_database_url, os; print(dj_database_url.parse(os.environ['DATABASE_URL'])['$1'] or '')"; }
    DATABASE_URL="$DATABASE_OWNER_URL" "$PY" manage.py create_app_role --role "$(app_url USER)" --password "$(app_url PASSWORD)"
  fi
fi
unset DATABASE_OWNER_URL  # the web and worker processes never hold the owner's credentials

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
