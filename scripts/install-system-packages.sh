#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing. Needs root (as on this
# project's machines and CI); otherwise says what to install.
#   scripts/install-system-packages.sh run    what the app itself uses: Chromium (the charts of
#                                             the PDF brief are drawn in it) and its fonts. The app
#                                             serves every other page without them, so a missing
#                                             package is only a warning.
#   scripts/install-system-packages.sh test   and what the test suite uses: PostgreSQL 15,
#                                             LibreOffice Calc (recalculates exported workbooks).
set -euo pipefail
mode="${1:-test}"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "liberation" || missing+=(fonts-liberation)
calc=()
if [ "$mode" = "test" ]; then
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  # Installed without its recommends (a desktop).
  command -v soffice >/dev/null 2>&1 || calc+=(libreoffice-calc-nogui)
fi

if [ ${#missing[@]} -eq 0 ] && [ ${#calc[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]} ${calc[*]}. Install them with:" \
       "sudo apt-get install -y ${missing[*]} ${calc[*]}" >&2
  if [ "$mode" = "run" ]; then
    echo "(The app runs without them; only the PDF brief needs Chromium.)" >&2
    exit 0
  fi
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
