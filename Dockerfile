# Loudong's image: built in one stage (wheels of the package and its dependencies), run in a
# slim one without build tools, as an unprivileged user. See docs/deploy.md.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY schema ./schema
COPY resolvers ./resolvers
COPY policies ./policies
COPY models ./models
RUN pip wheel --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LOUDONG_ENV=production \
    LOUDONG_DATA_DIR=/data
RUN groupadd --system --gid 10001 loudong \
    && useradd --system --uid 10001 --gid loudong --home-dir /data --shell /usr/sbin/nologin loudong \
    && mkdir /data \
    && chown loudong:loudong /data
COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links=/wheels /wheels/*.whl \
    && rm -rf /wheels
USER 10001:10001
WORKDIR /data
# Case photos (attachments/) live here; the database is PostgreSQL (LOUDONG_DATABASE_URL).
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
ENTRYPOINT ["loudong"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
