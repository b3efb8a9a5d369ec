#!/usr/bin/env bash
# Runs the read-side benchmark (ProjectionsBench) until the bench module takes it over:
#   scripts/bench-projections.sh --backend sqlite|postgres [--events N] [--lag-seconds S]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="$("$ROOT/syn" java-home)" # the launcher finds a JDK >= 21 the same way the build does
# one reactor invocation, so sibling modules resolve to their target/classes (nothing is installed in ~/.m2);
# the projections module comes last, so its classpath is the file left behind
mvn -q -B -f "$ROOT/pom.xml" test-compile dependency:build-classpath -pl projections -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$ROOT/projections/target/bench.classpath" >&2
CP="$ROOT/projections/target/test-classes:$ROOT/projections/target/classes:$(cat "$ROOT/projections/target/bench.classpath")"
exec "$JAVA_HOME/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dlogback.configurationFile="$ROOT/projections/src/test/resources/logback-test.xml" \
    -cp "$CP" io.syntropic137.projections.bench.ProjectionsBench "$@"
