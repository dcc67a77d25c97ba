# Miniflow in the external profile: build with Maven, run on a JRE as a non-root user.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY app/pom.xml app/
COPY projection/pom.xml projection/
COPY exporter/pom.xml exporter/
COPY cli/pom.xml cli/
RUN mvn -B -q -pl app -am dependency:go-offline || true
COPY projection projection
# the app's tests drive the command-line client, so the reactor builds it too (not shipped)
COPY cli cli
COPY app app
COPY bpmn bpmn
COPY forms forms
COPY db db
RUN mvn -B -q -pl app -am package -DskipTests

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /app miniflow && mkdir -p /data && chown miniflow /data
WORKDIR /app
COPY --from=build /src/app/target/miniflow-app-0.1.0-SNAPSHOT.jar /app/miniflow.jar
USER miniflow
ENV SPRING_PROFILES_ACTIVE=external \
    MINIFLOW_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/miniflow.jar"]
