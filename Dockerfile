# staging-sync container: the application plus PostgreSQL client tools matching the source's major version.
#   docker build --build-arg PG_MAJOR=16 -t staging-sync .
#   docker run --rm --no-healthcheck -e DATABASE_URL=... -e SYNC_SOURCE=file:/backups/x.tar.gz \
#     -v /backups:/backups staging-sync run
#   docker run -e DATABASE_URL=... -e OPS_TOKEN=... -p 8080:8080 staging-sync        (serve: schedule + ops API)

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# pg_restore must be at least as new as the pg_dump that wrote the backup (Scalingo: 16 today)
ARG PG_MAJOR=16
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && . /etc/os-release \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
 && apt-get purge -y gnupg && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /app --uid 10001 staging-sync
# routes/ and application.properties are read from the working directory
WORKDIR /app
COPY --from=build /src/target/staging-sync.jar ./staging-sync.jar
COPY --from=build /src/target/lib ./lib
COPY routes routes
COPY application.properties anonymization.yaml ./
RUN mkdir -p /app/reports /tmp/staging-sync && chown -R staging-sync /app/reports /tmp/staging-sync
USER staging-sync
# the JVM sizes its heap from the container's memory limit; the dump itself streams through pg_restore
ENV SYNC_REPORT_DIR=/app/reports SYNC_WORK_DIR=/tmp/staging-sync OPS_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# reports and the run history (GET /api/syncs) survive a restart when this is a volume
VOLUME ["/app/reports"]
EXPOSE 8080
# `serve` answers on loopback even without OPS_TOKEN; a one-shot `run` has no server: start it with --no-healthcheck
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${OPS_PORT}/observe/health/live" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/staging-sync.jar"]
CMD ["serve"]
