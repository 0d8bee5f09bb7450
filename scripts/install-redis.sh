#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing; the README's test command (which CI runs)
# calls it. The queue example's tests start one of their own (on a free loopback port, with a
# throwaway data directory), and a machine with nothing
# installed by hand has none. Quiet, non-interactive, and waiting for another apt run's lock.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
echo "Installing redis-server (Debian package) for the queue example's tests"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
lock=(-o DPkg::Lock::Timeout=600)
$sudo apt-get update -qq "${lock[@]}" >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${lock[@]}" redis-server >/dev/null
redis-server --version
