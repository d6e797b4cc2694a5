#!/usr/bin/env bash
# Builds and runs examples/consumer -- a project written only from the README quickstart -- against
# the Cachet artifacts in the local Maven repository, on every JDK given (default: the current one).
# Usage: scripts/consumer-check.sh [JAVA_HOME ...]   (run `mvn install -DskipTests` first)
set -euo pipefail
cd "$(dirname "$0")/../examples/consumer"
homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then homes=("${JAVA_HOME:-}"); fi
for home in "${homes[@]}"; do
  if [ -n "$home" ]; then export JAVA_HOME="$home"; fi
  echo "consumer check on $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  mvn -B -ntp -q clean compile exec:java
done
