#!/usr/bin/env bash
# Builds examples/spring-boot -- a Spring Boot service written only from the README's Spring Boot
# section -- against the Cachet artifacts in the local Maven repository, and runs its test, which
# starts the service on a free port and asks it over HTTP; on every JDK given (default: the
# current one). Usage: scripts/spring-example-check.sh [JAVA_HOME ...]   (run `mvn install` first)
set -euo pipefail
cd "$(dirname "$0")/../examples/spring-boot"
homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then homes=("${JAVA_HOME:-}"); fi
for home in "${homes[@]}"; do
  if [ -n "$home" ]; then export JAVA_HOME="$home"; fi
  echo "Spring Boot example check on $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  mvn -B -ntp -q clean verify
done
