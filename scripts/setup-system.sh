#!/usr/bin/env bash
# System packages the test suite needs:
# - headless Chromium and its driver, for the browser tests of the HTML report
#   (tests/test_html_browser.py);
# - a Java 17+ runtime, for Spark (`copyhound spark`, tests/test_spark.py).
# Idempotent: each is checked on its own and only what is missing is installed.
# Runs as root in CI (.ci/run calls it); elsewhere it uses sudo when it is there.
set -euo pipefail

missing=()
if ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }; then
  missing+=(chromium chromium-driver fonts-dejavu-core)
fi

java_major() {
  # "17.0.15" -> 17, "1.8.0_392" -> 8; nothing when there is no java.
  command -v java >/dev/null 2>&1 || return 0
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -n1 |
    awk '{ print ($1 == 1 ? $2 : $1) }'
}
java_version="$(java_major)"
if [ -z "$java_version" ] || [ "$java_version" -lt 17 ]; then
  missing+=(openjdk-17-jre-headless)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "setup-system: not root and no sudo; install ${missing[*]} by hand" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# Slim Debian images lack this folder, and the JRE's post-install step needs it.
$SUDO mkdir -p /usr/share/man/man1
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
