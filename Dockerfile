# The image docker-compose.yml runs as web, worker, beat and migrate.
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/app/.venv UV_PYTHON_DOWNLOADS=never
# WeasyPrint renders PDFs with pango.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* && pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --python "$(which python3)"
COPY . .
# Production storage (hashed names and the manifest {% static %} needs with DEBUG off), with
# throwaway build-time secrets that stay in this step: see the script.
RUN PY=.venv/bin/python bash scripts/collect_static.sh --verbosity 0
RUN useradd --system --home /app app && mkdir -p /data/private_media && chown -R app /data
USER app
EXPOSE 8000
