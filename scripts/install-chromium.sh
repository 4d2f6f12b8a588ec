#!/usr/bin/env bash
# Headless Chromium for the review site's browser tests (tests/site/test_site_browser.py), from
# Debian's own package: nothing is downloaded outside the package registries. Does nothing when
# /usr/bin/chromium is already there; needs root (CI runs as root on Debian 12).
set -euo pipefail
# Debian's security pocket serves one version at a time: when it moves on, the pin below is
# no longer to be had and the current candidate is installed instead, with a warning.
PINNED="156.0.8078.108-1~deb12u1"

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-chromium: not root or no apt-get: the browser tests will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if apt-cache madison chromium | grep -qF "| $PINNED |"; then
  version="$PINNED"
else
  version="$(apt-cache policy chromium | awk '/Candidate:/ {print $2}')"
  echo "install-chromium: chromium $PINNED is no longer served; installing $version" >&2
fi
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
  echo "install-chromium: no chromium package here: the browser tests will be skipped" >&2
  exit 0
fi
apt-get install -y -qq --no-install-recommends "chromium=$version" "chromium-common=$version" >/dev/null
/usr/bin/chromium --version
