#!/usr/bin/env bash
# Collect static files the way production serves them. DJANGO_ENV=production selects whitenoise's
# CompressedManifestStaticFilesStorage, which writes the manifest (staticfiles.json) that
# {% static %} reads when DEBUG is off: collected in local mode there is no manifest, and every
# page answers 500 in production. The Dockerfile, `make run-prod` (scripts/run_stack.sh) and the
# tests all collect through this script, so they cannot drift apart.
#
# collectstatic reads neither the secret key nor the allowed hosts, but production settings
# refuse to load without them: when none are given, throwaway values are used for this command
# only (nothing is written anywhere). Extra arguments go to collectstatic; DJANGO_STATIC_ROOT
# chooses the folder (default: staticfiles/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=${PY:-.venv/bin/python}
export DJANGO_ENV=production
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')}"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-collectstatic.invalid}"
exec "$PY" manage.py collectstatic --noinput "$@"
