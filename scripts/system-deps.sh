#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Quire needs, only those that are missing.
#   scripts/system-deps.sh            Tesseract with English (what `make demo` needs)
#   scripts/system-deps.sh --fraktur  also German and the Fraktur models (old German type)
#   scripts/system-deps.sh --test     also Chromium (browser tests), PostgreSQL (store tests), the
#                                     German/Fraktur models (the Fraktur tests), epubcheck and
#                                     poppler-utils (export checks)
#   scripts/system-deps.sh --bench    also the book generator's needs (bench/quality.py --random):
#                                     Pango for WeasyPrint and the fonts the benchmark books are set in
set -euo pipefail
want=()
langs=""
command -v tesseract >/dev/null 2>&1 && langs=$(tesseract --list-langs 2>/dev/null || true)
have_lang() { grep -qx "$1" <<<"$langs"; }
command -v tesseract >/dev/null 2>&1 || want+=(tesseract-ocr)
have_lang eng || want+=(tesseract-ocr-eng)
have_lang osd || want+=(tesseract-ocr-osd)
fraktur=0
for opt in "$@"; do
  case "$opt" in
    --fraktur) fraktur=1 ;;
    --test)
      fraktur=1
      [[ -x /usr/bin/chromium ]] || want+=(chromium)
      ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want+=(postgresql)
      [[ -f /usr/share/java/epubcheck.jar ]] || want+=(epubcheck)  # the EPUB export's checker
      command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)  # the PDF export seen as pages
      ;;
    --bench)
      for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-ebgaramond fonts-linuxlibertine fonts-texgyre \
                 fonts-dejavu fonts-liberation2 fonts-sil-charis fonts-crosextra-caladea; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || want+=("$pkg")
      done
      ;;
    *)
      echo "usage: $0 [--fraktur] [--test] [--bench]" >&2
      exit 2
      ;;
  esac
done
if [[ $fraktur -eq 1 ]]; then
  have_lang deu || want+=(tesseract-ocr-deu)
  have_lang frk || want+=(tesseract-ocr-frk)
  have_lang Fraktur || want+=(tesseract-ocr-script-frak)
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
