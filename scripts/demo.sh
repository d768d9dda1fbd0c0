#!/usr/bin/env bash
# The main job on the samples: check the sample branch year, then render its ledgers into out/.
# Usage: scripts/demo.sh PATH-TO-dangan
set -euo pipefail
dangan=${1:-build/src/cli/dangan}
cd "$(dirname "$0")/.."

echo "== dangan check samples/branch-2025 --as-of 2025-12-31"
"$dangan" check samples/branch-2025 --as-of 2025-12-31

echo
echo "== dangan check samples/defective --as-of 2025-12-31  (planted defects: exit 1 is expected)"
set +e
"$dangan" check samples/defective --as-of 2025-12-31 | tail -n 25
code=${PIPESTATUS[0]}
set -e
echo "(exit code $code)"

echo
echo "== dangan render samples/branch-2025 --as-of 2025-12-31 --out-dir out"
"$dangan" render samples/branch-2025 --as-of 2025-12-31 --out-dir out
echo
echo "== dangan dossier samples/branch-2025 --as-of 2025-12-31 --out-dir out/dossiers"
"$dangan" dossier samples/branch-2025 --as-of 2025-12-31 --out-dir out/dossiers

echo
echo "== dangan remind samples/branch-2025 --as-of 2025-11-20 --within 30d"
set +e
"$dangan" remind samples/branch-2025 --as-of 2025-11-20 --within 30d
echo "(exit code $? — 1 when something is overdue)"
set -e

echo
echo "The ledgers are in out/: open out/2025-支部委员会-会议记录本.pdf for a 会议记录本, out/dossiers/ for the"
echo "发展党员纪实簿, the 换届选举材料 and the 党费收缴台账."
echo
echo "The web app (docs/web.md) edits the folder it is given; try it on a copy of the sample branch:"
echo "  cp -r samples/branch-2025 我的支部 && $dangan serve 我的支部 --as-of 2025-12-31"
echo "then open http://127.0.0.1:8080/ in a browser (Ctrl+C stops it)."
