#!/usr/bin/env bash
# Installs the Debian packages dangan needs, skipping those already present.
# Safe to run many times; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libhpdf-dev            # PDF writer (libharu 2.3)
  libpoco-dev            # JSON, Util, Data/SQLite, XML, Zip
  libicu-dev             # dates, numerals, normalisation, line breaking
  libharfbuzz-dev        # hb-subset: font subsetting before embedding
  libpoppler-cpp-dev     # audit: opening the PDFs of hand-made archives (src/inspect)
  catch2                 # unit tests
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-lxgw-wenkai fonts-babelstone-han
  poppler-utils qpdf mupdf-tools   # pdftotext/pdffonts/pdfinfo, qpdf --check, mutool: used by tests
  python3 time                     # e2e test helpers; /usr/bin/time for the benchmarks
  clang-14 libclang-rt-14-dev      # the check build of `make test`: ASan, UBSan and libFuzzer
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
