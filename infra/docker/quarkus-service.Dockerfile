# Image of a Quarkus service (pipeline-orchestrator, drift-monitor) from its fast-jar build output.
# Built by the pipeline (infra/modules/cicd/buildspec.yml) from the repository root after `./mlops build`:
#   docker build -f infra/docker/quarkus-service.Dockerfile --build-arg APP=pipeline-orchestrator/target/quarkus-app .
FROM eclipse-temurin:21-jre

ARG APP
# Listen on every interface (the services bind to 127.0.0.1 by default for local runs); the heap follows
# the task's memory limit.
ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

RUN useradd --system --uid 185 --home-dir /deployments quarkus
WORKDIR /deployments
COPY --chown=185 ${APP}/lib/ lib/
COPY --chown=185 ${APP}/*.jar ./
COPY --chown=185 ${APP}/app/ app/
COPY --chown=185 ${APP}/quarkus/ quarkus/
USER 185

ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
