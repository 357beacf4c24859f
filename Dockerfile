# One image for web, migrate, worker and beat (docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/venv PATH="/venv/bin:$PATH"
RUN pip install --no-cache-dir uv && useradd --create-home tandem
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN DJANGO_SETTINGS_MODULE=ats.settings.production SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/broker && chown -R tandem:tandem /app/var
# The media volume (docker-compose.yml) mounts /app/var/media: created here, owned by tandem, so
# a new volume starts with that owner and the web process can save uploads.
USER tandem
EXPOSE 8000
CMD ["gunicorn", "ats.wsgi:application", "--bind", "0.0.0.0:8000"]
