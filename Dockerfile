# A slim, non-root image that runs `cadence-bot serve`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 cadence
WORKDIR /app

COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY migrations ./migrations
COPY alembic.ini ./
COPY cadence_config.yaml manifest.yml ./
# Editable install keeps `migrations/` beside the package, where `cadence-bot migrate` finds it.
RUN pip install -e . && chown -R cadence /app

RUN mkdir -p /app/data && chown cadence /app/data
USER cadence
# A container starts on an empty volume: migrate it rather than refuse to start.
ENV DATABASE_URL=sqlite:////app/data/cadence.db \
    CADENCE_CONFIG=/app/cadence_config.yaml \
    AUTO_MIGRATE=true \
    PORT=3000
VOLUME ["/app/data"]
EXPOSE 3000
CMD ["cadence-bot", "serve"]
