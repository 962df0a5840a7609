#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (Chromium, PostgreSQL 15, LibreOffice Calc),
# only those missing. Needs root (as on this project's machines and CI); otherwise says what to
# install.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
fc-list 2>/dev/null | grep -qi "liberation" || missing+=(fonts-liberation)
# Recalculates exported workbooks in the tests; installed without its recommends (a desktop).
calc=()
command -v soffice >/dev/null 2>&1 || calc+=(libreoffice-calc-nogui)

if [ ${#missing[@]} -eq 0 ] && [ ${#calc[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]} ${calc[*]}. Install them with:" \
       "sudo apt-get install -y ${missing[*]} ${calc[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]} ${calc[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -q "${missing[@]}"
fi
if [ ${#calc[@]} -gt 0 ]; then
  apt-get install -y -q --no-install-recommends "${calc[@]}"
fi
