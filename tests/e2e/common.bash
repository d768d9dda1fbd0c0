# Shared start of every e2e script: `source "$(dirname "$0")/common.bash" "$@"`.
# Arguments: $1 the dangan program, $2 the source folder (as tests/e2e/CMakeLists.txt passes them).
# Sets $dangan and $src (absolute paths) and $tmp (a scratch folder removed on exit), and defines fail.
if [[ ! -x "$1" ]]; then echo "FAIL: $1 is not an executable program" >&2; exit 1; fi
dangan=$(realpath "$1")
src=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
