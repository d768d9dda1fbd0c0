#!/usr/bin/env bash
# <image src>: a PNG from the templates folder and a JPEG from the data folder are embedded once each
# (pdfimages), at the size asked, and the PDF still passes PDFBox Preflight as PDF/A-1b; a path out of
# the folders, a missing file, a PNG with alpha or a tRNS chunk, a CMYK-free check and a file that is
# no picture are refused with exit 2, a Chinese message and the template line.
set -euo pipefail
source "$(dirname "$0")/common.bash" "$@"

mkdir -p "$tmp/tpl/partials" "$tmp/data"
cp "$src/samples/branch-2025/organisation.json" "$tmp/data/"
cp "$src/samples/branch-2025/meetings/committee-2025.json" "$tmp/data/meetings.json"  # the 12 支委会 records
# Pictures written by a script: an RGB PNG (a red square with a white cross), a PNG with alpha, a PNG
# with a tRNS chunk; a JPEG made by poppler from a one-page PDF.
python3 - "$tmp" <<'PY'
import struct, sys, zlib
def png(path, width, height, colour, rows, extra=b""):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\0" + r for r in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return chunk
w = h = 64
rgb = [b"".join(bytes((255, 255, 255)) if x in (31, 32) or y in (31, 32) else bytes((200, 16, 46)) for x in range(w)) for y in range(h)]
png(sys.argv[1] + "/tpl/emblem.png", w, h, 2, rgb)
png(sys.argv[1] + "/tpl/alpha.png", w, h, 6, [b"".join(bytes((200, 16, 46, 128)) for x in range(w)) for y in range(h)])
trns = struct.pack(">I", 6) + b"tRNS" + b"\0\0\0\0\0\0" + struct.pack(">I", zlib.crc32(b"tRNS\0\0\0\0\0\0") & 0xffffffff)
png(sys.argv[1] + "/tpl/trns.png", w, h, 2, rgb, trns)
open(sys.argv[1] + "/tpl/not-a-picture.png", "w").write("这不是图片")
PY
"$dangan" render "$src/samples/branch-2025" --as-of 2025-12-31 --kind 党课 --out "$tmp/source.pdf" 2>/dev/null
pdftoppm -jpeg -r 20 -f 1 -l 1 -singlefile "$tmp/source.pdf" "$tmp/data/scan"
[[ -s "$tmp/data/scan.jpg" ]] || fail "pdftoppm made no JPEG"

template() {  # template NAME IMAGE-MARKUP: meeting.tpl with the image markup after the heading
    sed "s|<h2 style=\"subtitle\">{{ item.title }}</h2>|&\n  $2|" "$src/templates/meeting.tpl" >"$tmp/tpl/meeting.tpl"
}
template good '<image src="emblem.png" width="15mm"/><image src="scan.jpg" width="80mm" align="left"/>'
"$dangan" render "$tmp/data" --as-of 2025-12-31 --templates "$tmp/tpl" --out "$tmp/out.pdf" 2>"$tmp/err" || { cat "$tmp/err"; fail "render with images failed"; }
pdfimages -list "$tmp/out.pdf" >"$tmp/list"
records=$(python3 -c "import json; print(len(json.load(open('$tmp/data/meetings.json'))['records']))")
(( records == 12 )) || fail "expected the 12 支委会 records, got $records"
# Every record shows both pictures; each file is embedded once (one object per picture, referenced per page).
shown=$(awk 'NR > 2' "$tmp/list" | wc -l)
objects=$(awk 'NR > 2 {print $4}' "$tmp/list" | sort -u | wc -l)
(( shown == 2 * records )) || { cat "$tmp/list"; fail "expected $((2 * records)) pictures shown, found $shown"; }
(( objects == 2 )) || { cat "$tmp/list"; fail "expected 2 embedded pictures, found $objects"; }
grep -q " 64    64  rgb " "$tmp/list" || { cat "$tmp/list"; fail "the 64×64 RGB PNG is not embedded as RGB"; }
grep -q "jpeg" "$tmp/list" || { cat "$tmp/list"; fail "the JPEG is not embedded as DCT"; }
# Its size on the page: 15 mm wide (pdfimages reports pixels per inch: 64 px over 15 mm = 108 ppi).
awk 'NR > 2 && $4 == 64 && ($13 < 105 || $13 > 112) {bad = 1} END {exit bad}' "$tmp/list" \
  || { cat "$tmp/list"; fail "the PNG is not drawn 15 mm wide"; }

# PDF/A-1b still holds.
cp="$(python3 -c "import sys; sys.path.insert(0, '$src/bench'); import typeset_report as t; print(t.preflight_classpath())")"
java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$tmp/out.pdf" >"$tmp/preflight" 2>&1 \
  || { tail -20 "$tmp/preflight"; fail "PDFBox Preflight rejects the PDF with images"; }
grep -qi "is a valid PDF/A-1b" "$tmp/preflight" || { tail -20 "$tmp/preflight"; fail "Preflight did not say valid"; }

refused() {  # refused MARKUP EXPECTED-TEXT
    template bad "$1"
    if "$dangan" render "$tmp/data" --as-of 2025-12-31 --templates "$tmp/tpl" --out "$tmp/bad.pdf" 2>"$tmp/err"; then
        fail "$1 was accepted"
    else
        local code=$?; (( code == 2 )) || { cat "$tmp/err"; fail "$1: exit $code, expected 2"; }
    fi
    grep -qF "meeting.tpl:21:" "$tmp/err" || { cat "$tmp/err"; fail "$1: the message does not name meeting.tpl:21"; }
    grep -qF "$2" "$tmp/err" || { cat "$tmp/err"; fail "$1: expected '$2'"; }
}
refused '<image src="../organisation.json"/>' '图片只能从模板文件夹或数据文件夹中读取'
refused '<image src="/etc/passwd"/>' '图片只能从模板文件夹或数据文件夹中读取'
refused '<image src="missing.png"/>' '找不到图片文件'
refused '<image src="alpha.png"/>' '透明通道'
refused '<image src="trns.png"/>' '透明色（tRNS）'
refused '<image src="not-a-picture.png"/>' '不是 PNG 或 JPEG 图片'
ln -s /etc/hostname "$tmp/tpl/link.png"
refused '<image src="link.png"/>' '之外'
echo "PASS: $shown pictures on $records records, $objects embedded, PDF/A-1b valid, 7 bad sources refused"
