#!/usr/bin/env bash
# System packages the test suite needs: headless Chromium and its driver for the browser tests of
# the HTML report (tests/test_html_browser.py). Idempotent: returns at once when already installed.
# Runs as root in CI (.ci/run calls it); elsewhere it uses sudo when it is there.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "setup-system: not root and no sudo; install chromium and chromium-driver by hand" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
