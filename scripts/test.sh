#!/usr/bin/env bash
# Runs every test of every module. Tests that need memcached start their own servers on free
# loopback ports, so memcached must be installed: this installs the Debian package when missing,
# and sasl2-bin (saslpasswd2, for the SASL tests' sasldb) and nutcracker (twemproxy) likewise.
#
# 1. every module's tests on the default JDK (17), installing the artifacts locally;
# 2. the same build on a JDK 25 when one is installed (javac 23+ changed how annotation processors
#    are found, and the build must stay warning-free on both), with the tests that can differ there;
# 3. examples/consumer, a project written only from the README quickstart, built and run on each;
# 4. examples/spring-boot, a service written only from the README's Spring Boot section, built and
#    its HTTP test run on each.
set -euo pipefail
cd "$(dirname "$0")/.."

# Installs a Debian package when the program it provides is missing.
ensure() {
  local program=$1 package=$2
  if command -v "$program" >/dev/null 2>&1 || [ -x "/usr/sbin/$program" ]; then return; fi
  echo "$program not found: installing the Debian package '$package'"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
}
ensure memcached memcached
# The SASL tests create a sasldb with Cyrus SASL's saslpasswd2 (in /usr/sbin, often not on PATH).
ensure saslpasswd2 sasl2-bin
# The twemproxy tests run the transport through nutcracker (also in /usr/sbin).
ensure nutcracker nutcracker
# The Redis store's tests start their own redis-server processes.
ensure redis-server redis-server
echo "using $(memcached -V), $(redis-server --version | cut -d' ' -f1-3)"

# Only the runtime, the benchmarks and the Redis store (the runtime's own transport, in an artifact
# of its own to keep Lettuce off the runtime's class path, to which alone the module descriptor
# exports the transport internals it shares) may use the runtime's internals: every other module is
# built on the public API and SPI, as a user's code is.
if grep -rln "import dev.cachet.runtime.internal" --include=*.java \
    $(ls -d */src/main examples/*/src/main 2>/dev/null | grep -v '^runtime/\|^benchmarks/\|^redis/'); then
  echo "main code above imports dev.cachet.runtime.internal: use the public API or SPI" >&2
  exit 1
fi

mvn -B -ntp install "$@"

# An application on Spring Boot runs cachet-redis on the Lettuce Boot manages, not ours. Left out:
# the cluster harness's own test (redis-cli only) and the command counts, which Lettuce does not set.
echo "== the Redis store's tests again on Spring Boot's Lettuce"
mvn -B -ntp -pl redis surefire:test -Pboot-lettuce -Dtest='!RedisClusterTest,!RedisClusterFiguresTest' "$@"

jdks=("${JAVA_HOME:-}")
jdk25=$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* 2>/dev/null | head -n 1 || true)
if [ -n "$jdk25" ]; then
  # Everything is compiled and linted again on JDK 25 (javac 23+ finds processors differently, and
  # its lint differs), but only the tests whose outcome can depend on the JDK run again: the
  # processor's (javac itself), the module descriptor and public surface, and the value pipeline
  # (Fory and the codecs reach into the JDK). The rest runs on bytecode that is the same on both.
  echo "== the same build on $jdk25, and the tests that can differ there"
  JAVA_HOME="$jdk25" mvn -B -ntp clean install -DskipTests "$@"
  JAVA_HOME="$jdk25" mvn -B -ntp surefire:test -pl processor,runtime -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='dev.cachet.processor.**.*Test,ModuleDescriptorTest,PublicSurfaceTest,dev.cachet.runtime.internal.value.*Test,!*FuzzTest' "$@"
  jdks+=("$jdk25")
else
  echo "== no JDK 25 under /usr/lib/jvm: the JDK 25 run is left to a machine that has one"
fi

echo "== the README quickstart as a separate consumer project"
bash scripts/consumer-check.sh "${jdks[@]}"

echo "== the README's Spring Boot section as a separate Spring Boot service"
bash scripts/spring-example-check.sh "${jdks[@]}"
