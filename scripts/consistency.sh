#!/usr/bin/env bash
# The long consistency run (consistency-checker; usage and the report explained in
# consistency-checker/src/main/java/dev/cachet/consistency/package-info.java): worker JVMs read and
# write through a generated decorator on three real memcached servers (or, with --store redis, one
# redis-server; with --store redis-cluster, a Redis Cluster of three primaries with a replica each),
# with faults on one of them (on a cluster, one shard: pause, kill and failover, dropped connections,
# a slot migration), then the checker prints its report. Arguments go to the run; without any:
# --minutes 10 --faults.
# Exits non-zero when a read was stale (or the run is void); the report's last line says which.
set -euo pipefail
cd "$(dirname "$0")/.."

# The run starts memcached, or redis-server (and redis-cli, which Debian's redis-server brings, to
# join a cluster) with --store redis or redis-cluster: install whichever is missing.
for package in memcached redis-server; do
  if ! command -v "$package" >/dev/null 2>&1; then
    echo "$package not found: installing the Debian package '$package'"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
  fi
done

args="${*:---minutes 10 --faults}"
# -am builds the annotations, processor and runtime of this checkout; process-test-classes stops
# before any module's tests, and the profile's exec runs the run there.
exec mvn -B -ntp -q -pl consistency-checker -am -Pconsistency process-test-classes -Dconsistency.args="$args"
