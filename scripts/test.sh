#!/usr/bin/env bash
# Runs every test of every module. Tests that need memcached start their own servers on free
# loopback ports, so memcached must be installed: this installs the Debian package when missing,
# and sasl2-bin (saslpasswd2, for the SASL tests' sasldb) likewise.
#
# 1. every module's tests on the default JDK (17), installing the artifacts locally;
# 2. the same build and tests on a JDK 25 when one is installed (javac 23+ changed how annotation
#    processors are found, and the build must stay warning-free on both);
# 3. examples/consumer, a project written only from the README quickstart, built and run on each.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v memcached >/dev/null 2>&1; then
  echo "memcached not found: installing the Debian package 'memcached'"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq memcached >/dev/null
fi
# SASL tests create a sasldb with Cyrus SASL's saslpasswd2 (in /usr/sbin, often not on PATH).
if ! command -v saslpasswd2 >/dev/null 2>&1 && [ ! -x /usr/sbin/saslpasswd2 ]; then
  echo "saslpasswd2 not found: installing the Debian package 'sasl2-bin'"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq sasl2-bin >/dev/null
fi
echo "using $(memcached -V)"

mvn -B -ntp install "$@"

jdks=("${JAVA_HOME:-}")
jdk25=$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* 2>/dev/null | head -n 1 || true)
if [ -n "$jdk25" ]; then
  echo "== the same build and tests on $jdk25"
  JAVA_HOME="$jdk25" mvn -B -ntp verify "$@"
  jdks+=("$jdk25")
else
  echo "== no JDK 25 under /usr/lib/jvm: the JDK 25 run is left to a machine that has one"
fi

echo "== the README quickstart as a separate consumer project"
bash scripts/consumer-check.sh "${jdks[@]}"
