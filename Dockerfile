# EnterpriseHub image: one image, several roles (gunicorn web, daphne ws, celery worker/beat).
# See docker-compose.yml for how they are wired; nginx routes /ws/ to daphne, the rest to gunicorn.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ENTERPRISEHUB_ENV=production

WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app

# Dependencies first, so code changes do not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .
# staticfiles/ is a shared volume in compose (collectstatic writes, nginx reads); it must exist
# and belong to the app user before the volume is first created from it.
RUN mkdir -p /app/staticfiles && chown app:app /app/staticfiles

USER app
EXPOSE 8000 8001
CMD ["gunicorn", "enterprisehub.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-"]
