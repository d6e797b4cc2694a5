#!/usr/bin/env bash
# Runs every test of every module. Tests that need memcached start their own servers on free
# loopback ports, so memcached must be installed: this installs the Debian package when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v memcached >/dev/null 2>&1; then
  echo "memcached not found: installing the Debian package 'memcached'"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq memcached >/dev/null
fi
memcached -V

mvn -B -ntp verify "$@"
