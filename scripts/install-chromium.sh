#!/usr/bin/env bash
# The dashboard's browser tests drive Debian's chromium package, headless, through
# playwright-core (which never downloads a browser). Installs it with apt-get when it is
# missing and this user may (root, or sudo without a password); otherwise says that those
# tests will be skipped. Never fetches a browser from anywhere else.
set -uo pipefail

if command -v chromium >/dev/null 2>&1 || [ -x "${MCPL_CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[chromium] no chromium and no apt-get: the dashboard's browser tests will be skipped (set MCPL_CHROMIUM to a Chromium binary)" >&2
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "[chromium] no chromium, and apt-get needs root: the dashboard's browser tests will be skipped (sudo apt-get install chromium)" >&2
  exit 0
fi

echo "[chromium] installing Debian's chromium package with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt_install() { "${as_root[@]}" apt-get install -y -qq chromium >&2; }
# The package lists may be missing or stale on a fresh machine: update them once and retry.
apt_install || { "${as_root[@]}" apt-get update -qq >&2 && apt_install; } ||
  echo "[chromium] apt-get could not install chromium: the dashboard's browser tests will be skipped" >&2
