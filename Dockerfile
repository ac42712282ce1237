# Nämndportalen: one image for the web process (gunicorn + whitenoise), the Celery worker and the
# one-shot migration step. Built from the uv lock, without the dev dependencies.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint needs Pango/HarfBuzz; fonts-dejavu-core is the fallback font (the house font ships in static/).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==0.13.9" \
    && useradd --system --create-home --uid 1000 portal

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --python /usr/local/bin/python3.11

COPY . .
# collectstatic needs the production settings to load; these build-time values are thrown away.
RUN DJANGO_SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var/media /app/var/backups \
    && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
