#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Quire needs, only those that are missing.
#   scripts/system-deps.sh          Tesseract with English (what `make demo` needs)
#   scripts/system-deps.sh --test   also Chromium (browser tests) and PostgreSQL (store tests)
set -euo pipefail
want=()
command -v tesseract >/dev/null 2>&1 || want+=(tesseract-ocr)
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx eng; }; then
  want+=(tesseract-ocr-eng tesseract-ocr-osd)
fi
if [[ "${1:-}" == "--test" ]]; then
  [[ -x /usr/bin/chromium ]] || want+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want+=(postgresql)
fi
[[ ${#want[@]} -eq 0 ]] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install: ${want[*]} (no apt-get on this machine)" >&2
  exit 1
fi
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "Installing system packages: ${want[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
