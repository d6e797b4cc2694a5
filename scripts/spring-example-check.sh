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

# Once more on Redis, with the Lettuce version Spring Boot manages (not the one cachet-redis is
# built against): a redis-server of its own on a free loopback port.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (echo > "/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
if [ -z "$port" ]; then echo "no free port for redis-server" >&2; exit 1; fi
dir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
  --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
trap 'kill "$(cat "$dir/redis.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do
  if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then break; fi
  sleep 0.1
done
echo "Spring Boot example check on Redis (port $port), Lettuce $(mvn -B -ntp -q -Predis help:evaluate \
  -Dexpression=project.dependencyManagement -DforceStdout 2>/dev/null | grep -A1 '<artifactId>lettuce-core' \
  | grep -o '[0-9][0-9.]*RELEASE' | head -1)"
CACHET_REDIS="redis://127.0.0.1:$port" mvn -B -ntp -q -Predis clean verify
