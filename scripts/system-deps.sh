#!/usr/bin/env bash
# Installs the Debian packages greenmfg needs beyond Python:
#   chromium            headless browser for the end-to-end tests (Playwright drives /usr/bin/chromium)
#   libreoffice-calc    converts workbooks in the import tests (LibreOffice-saved .xlsx must import)
#   fonts-noto-cjk      Chinese glyphs in PDF reports
#   poppler-utils       pdftotext, used by the report tests
#   redis-server        the task queue and cache of the serve-stack tests
#   postgresql-client   pg_dump / pg_restore of the backup round trip
#   libpango / harfbuzz WeasyPrint's layout engine
# Usage: scripts/system-deps.sh [demo|test]   (demo installs only what the server needs)
set -euo pipefail
profile=${1:-test}
pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-noto-cjk)
if [ "$profile" = test ]; then
  pkgs+=(chromium libreoffice-calc-nogui poppler-utils redis-server postgresql-client)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
