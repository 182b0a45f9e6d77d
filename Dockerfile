# A slim, non-root image that runs `cadence-bot serve`, built from the locked dependencies.
# The base is pinned to a patch release: a rebuild gets the same Python, not whatever 3.11 is.
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 cadence
WORKDIR /app

# Dependencies first, exactly as locked (every file checked against its hash), so a code change
# reuses this layer. Regenerate the lock with the command at its top after editing pyproject.toml.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

# Then Cadence itself, as a regular (non-editable) install: the code and its migrations live in
# site-packages, owned by root, out of reach of the user the bot runs as.
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip install --no-deps . && rm -rf bot migrations build *.egg-info

COPY cadence_config.yaml manifest.yml ./
RUN mkdir -p /app/data && chown cadence /app/data
USER cadence
# A container starts on an empty volume: migrate it rather than refuse to start. Logs are JSON
# lines (stderr is not a terminal).
ENV DATABASE_URL=sqlite:////app/data/cadence.db \
    CADENCE_CONFIG=/app/cadence_config.yaml \
    AUTO_MIGRATE=true \
    PORT=3000
VOLUME ["/app/data"]
EXPOSE 3000
# Ready = the database answers, Slack accepts the token, the scheduler runs (both modes).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '3000')}/readyz\", timeout=4)"]
CMD ["cadence-bot", "serve"]
