# staging-sync container: the application plus PostgreSQL client tools matching the source's major version.
#   docker build --build-arg PG_MAJOR=16 -t staging-sync .
#   docker run --rm --no-healthcheck -e DATABASE_URL -e SYNC_SOURCE=file:/backups/x.tar.gz \
#     -v /backups:/backups:ro staging-sync run
#   docker run -e DATABASE_URL -e OPS_TOKEN -p 8080:8080 staging-sync        (serve: schedule + ops API)
# Builds anywhere: the base images are arguments (any Debian/Ubuntu image with a JDK, resp. a JRE, on the PATH), and
# the client tools come from the PostgreSQL apt repository (PGDG) or, with PG_CLIENT_SOURCE=distro, from the base's
# own distribution (offline mirrors, air-gapped CI). podman/buildah: add --format docker to keep the HEALTHCHECK.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
# the tests run in CI, not here: a change to them does not rebuild the image
COPY src/main src/main
RUN ./mvnw -B -q package -Dmaven.test.skip=true

FROM ${RUNTIME_IMAGE}
# pg_restore must be at least as new as the pg_dump that wrote the backup (Scalingo: 16 today)
ARG PG_MAJOR=16
# pgdg: apt.postgresql.org (every supported major) · distro: the base's own packages (Debian 12: only 15)
ARG PG_CLIENT_SOURCE=pgdg
# one layer: whatever is installed only to reach PGDG (curl, gnupg...) is purged before it is written
RUN set -eu; \
    export DEBIAN_FRONTEND=noninteractive; \
    kept="$(apt-mark showmanual)"; \
    apt-get update; \
    case "$PG_CLIENT_SOURCE" in \
      pgdg) \
        apt-get install -y --no-install-recommends ca-certificates curl; \
        install -d /usr/share/postgresql-common/pgdg; \
        curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
          https://www.postgresql.org/media/keys/ACCC4CF8.asc; \
        . /etc/os-release; \
        echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
          > /etc/apt/sources.list.d/pgdg.list; \
        apt-get update ;; \
      distro) ;; \
      *) echo "PG_CLIENT_SOURCE must be pgdg or distro, not '$PG_CLIENT_SOURCE'" >&2; exit 2 ;; \
    esac; \
    if ! apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}"; then \
      echo "postgresql-client-${PG_MAJOR} is not in the apt sources of this image (PG_CLIENT_SOURCE=${PG_CLIENT_SOURCE}):" \
           "build with PG_CLIENT_SOURCE=pgdg, or with the PG_MAJOR the distribution has" \
           "($(apt-cache search --names-only '^postgresql-client-[0-9]+$' | cut -d' ' -f1 | tr '\n' ' '))" >&2; \
      exit 2; \
    fi; \
    apt-mark auto '.*' > /dev/null; \
    apt-mark manual $kept "postgresql-client-${PG_MAJOR}" > /dev/null; \
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt/* /var/log/dpkg.log; \
    pg_restore --version

RUN useradd --system --no-create-home --home-dir /app --shell /usr/sbin/nologin --uid 10001 staging-sync
# routes/ and application.properties are read from the working directory
WORKDIR /app
COPY --from=build /src/target/lib ./lib
COPY --from=build /src/target/staging-sync.jar ./staging-sync.jar
COPY routes routes
COPY application.properties anonymization.yaml ./
COPY deploy/container/healthcheck /usr/local/bin/staging-sync-healthcheck
RUN mkdir -p /app/reports /tmp/staging-sync && chown staging-sync: /app/reports /tmp/staging-sync
USER 10001
# the JVM sizes its heap from the container's memory limit; the dump itself streams through pg_restore
ENV SYNC_REPORT_DIR=/app/reports SYNC_WORK_DIR=/tmp/staging-sync OPS_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# reports and the run history (GET /api/syncs) survive a restart when this is a volume
VOLUME ["/app/reports"]
EXPOSE 8080
# `serve` answers on loopback even without OPS_TOKEN; a one-shot `run` has no server: start it with --no-healthcheck
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/staging-sync-healthcheck"]
ENTRYPOINT ["java", "-jar", "/app/staging-sync.jar"]
CMD ["serve"]
