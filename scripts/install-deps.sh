#!/usr/bin/env bash
# Installs the Debian packages dangan needs, skipping those already present.
# Safe to run many times; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libhpdf-dev            # libharu 2.3: only the raw-libharu baseline of bench/ledger.sh (dangan writes PDF itself)
  libdeflate-dev         # deflate: the PDF writer's streams, a book's packed minutes and parked pages (src/core)
  libpng-dev             # PNG pictures (<image>) decoded for the PDF writer
  libpoco-dev            # JSON, Util, Data/SQLite, XML, Zip
  libxlsxwriter-dev      # dangan workbook / export: writing .xlsx (reading is Poco::Zip + Poco::XML)
  libicu-dev             # dates, numerals, normalisation, line breaking
  libharfbuzz-dev        # hb-subset: font subsetting before embedding
  libpoppler-cpp-dev     # audit: opening the PDFs of hand-made archives (src/inspect)
  tesseract-ocr tesseract-ocr-chi-sim  # audit --ocr: reading scanned minutes (run as a command; optional at run time)
  python3-pil            # tests/corpus/make_scans.py: scanned pages with ground truth for the OCR test and bench
  catch2                 # unit tests
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-lxgw-wenkai fonts-babelstone-han
  poppler-utils qpdf mupdf-tools   # pdftotext/pdffonts/pdfinfo, qpdf --check, mutool: used by tests
  python3 time                     # e2e test helpers; /usr/bin/time for the benchmarks
  clang-14 libclang-rt-14-dev      # the check build of `make test`: ASan, UBSan and libFuzzer
  libargon2-dev                    # password hashes (Argon2id) of the multi-branch server's accounts
  postgresql libpq-dev             # its database on PostgreSQL (tests start a private server themselves)
  chromium nodejs iproute2         # the web app's browser test (tests/e2e/web_browser.sh): headless chromium
                                   # driven by puppeteer-core (npm, below); ss to see what the server listens on
  chromium-l10n                    # chromium's zh-CN locale: the date pickers of the screenshots in Chinese order
  icc-profiles-free                # the sRGB profile of every PDF/A OutputIntent (read at run time)
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java  # PDFBox Preflight: PDF/A tests
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages of the browser test (puppeteer-core) and of the pdf.js reading check in
# tests/e2e/typeset_samples.sh (pdfjs-dist), exactly as tests/browser/package-lock.json pins them (npm ci), into
# tests/browser/node_modules (not committed). Done again only when the lock file changed.
here=$(cd "$(dirname "$0")/.." && pwd)
browser="$here/tests/browser"
if [ -f "$browser/package-lock.json" ] &&
   ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.package-lock.installed" 2>/dev/null; then
  echo "install-deps: installing the browser test's npm packages (tests/browser)"
  (cd "$browser" && npm ci --no-audit --no-fund --silent)
  cp "$browser/package-lock.json" "$browser/node_modules/.package-lock.installed"
fi
