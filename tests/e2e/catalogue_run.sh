#!/usr/bin/env bash
# Runs the bad-input catalogue (tests/catalogue/<case>/) through the real dangan program.
#   catalogue_run.sh DANGAN SOURCE_DIR [CASE…]
# Each case folder holds its input files and:
#   cmd              the dangan arguments on one line (word-split by bash; @DIR@ = the case folder's
#                    working copy, @SRC@ = the source tree); run with the working copy as current folder
#   expected-exit    the exit code
#   expected-stderr  substrings, one per line, that must all appear on stderr (@DIR@ substituted)
#   expected-stdout  optional: substrings that must all appear on stdout (check prints date findings there)
#   env              optional: KEY=VALUE lines added to the environment (@DIR@, @SRC@ substituted)
#   setup            optional: bash script run as `bash setup DIR SRC` before the command, for inputs that
#                    cannot be committed (1 MB strings, 10,000-level nesting, chmod 000, symlink loops);
#                    exit 77 means "cannot be tested here" and the case is skipped with its message
#   expected-files   optional: files (relative to the working copy) the command may create
# Every case also must not crash (exit < 128), print "internal error" or a sanitizer report, or leave
# a new file (other than expected-files) or any *.tmp behind.
# tests/catalogue/KNOWN-FAILURES lists cases whose expectation dangan does not meet yet: they are
# reported as "known failure" and do not fail the run, but a listed case that passes fails it, so the
# list stays true.
set -uo pipefail
dangan=$1
src=$(cd "$2" && pwd)
shift 2
if [[ ! -x "$dangan" ]]; then echo "FAIL: $dangan is not an executable program"; exit 1; fi
dangan="$(cd "$(dirname "$dangan")" && pwd)/$(basename "$dangan")"
catalogue="$src/tests/catalogue"
tmp=$(mktemp -d)
# A case may make files unreadable or loop symlinks; restore permissions so clean-up works.
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

known=()
if [[ -f "$catalogue/KNOWN-FAILURES" ]]; then
    while IFS= read -r line; do
        line=${line%%#*}; line=${line//[[:space:]]/}
        [[ -n "$line" ]] && known+=("$line")
    done <"$catalogue/KNOWN-FAILURES"
fi
is_known() { local k; for k in "${known[@]}"; do [[ "$k" == "$1" ]] && return 0; done; return 1; }

if [[ $# -gt 0 ]]; then cases=("$@"); else
    cases=(); for d in "$catalogue"/*/; do cases+=("$(basename "$d")"); done
fi
for k in "${known[@]}"; do
    [[ -d "$catalogue/$k" ]] || { echo "FAIL: KNOWN-FAILURES names $k but there is no such case"; exit 1; }
done

substitute() { sed -e "s|@DIR@|$work|g" -e "s|@SRC@|$src|g"; }
# Every file and symlink under a folder, without following links (a case may hold a symlink loop).
listing() { (cd "$1" && find . \( -type f -o -type l \) -print | LC_ALL=C sort); }

passed=0; failed=0; known_failed=0; skipped=0; unexpected_pass=0
for name in "${cases[@]}"; do
    case_dir="$catalogue/$name"
    for f in cmd expected-exit expected-stderr; do
        [[ -f "$case_dir/$f" ]] || { echo "FAIL: $name: missing $f"; failed=$((failed + 1)); continue 2; }
    done
    work="$tmp/$name"
    cp -R "$case_dir" "$work"
    rm -f "$work/cmd" "$work/expected-exit" "$work/expected-stderr" "$work/expected-stdout" \
        "$work/expected-files" "$work/env"
    if [[ -f "$case_dir/setup" ]]; then
        rm -f "$work/setup"
        setup_out=$(bash "$case_dir/setup" "$work" "$src" 2>&1); setup_status=$?
        if [[ $setup_status -eq 77 ]]; then
            echo "SKIP: $name: $setup_out"; skipped=$((skipped + 1)); continue
        elif [[ $setup_status -ne 0 ]]; then
            echo "FAIL: $name: setup failed: $setup_out"; failed=$((failed + 1)); continue
        fi
    fi
    before=$(listing "$work")
    read -r -a args <<<"$(substitute <"$case_dir/cmd")"
    env_args=()
    if [[ -f "$case_dir/env" ]]; then
        while IFS= read -r line; do [[ -n "$line" ]] && env_args+=("$line"); done < <(substitute <"$case_dir/env")
    fi
    status=0
    (cd "$work" && env "${env_args[@]}" timeout 120 "$dangan" "${args[@]}" >"$tmp/$name.out" 2>"$tmp/$name.err") || status=$?

    problems=()
    expected_exit=$(tr -d '[:space:]' <"$case_dir/expected-exit")
    if [[ $status -ge 124 ]]; then problems+=("crashed or hung (exit $status)"); fi
    if [[ "$status" != "$expected_exit" ]]; then problems+=("exited $status, expected $expected_exit"); fi
    while IFS= read -r want; do
        [[ -z "$want" ]] && continue
        grep -qF -- "$want" "$tmp/$name.err" || problems+=("stderr lacks: $want")
    done < <(substitute <"$case_dir/expected-stderr")
    if [[ -f "$case_dir/expected-stdout" ]]; then
        while IFS= read -r want; do
            [[ -z "$want" ]] && continue
            grep -qF -- "$want" "$tmp/$name.out" || problems+=("stdout lacks: $want")
        done < <(substitute <"$case_dir/expected-stdout")
    fi
    if grep -qiE "internal error|AddressSanitizer|runtime error:|LeakSanitizer|terminate called" \
        "$tmp/$name.err"; then
        problems+=("stderr shows an internal error or sanitizer report")
    fi
    after=$(listing "$work")
    allowed=""
    [[ -f "$case_dir/expected-files" ]] && allowed=$(sed 's|^|./|' "$case_dir/expected-files")
    while IFS= read -r file; do
        [[ -z "$file" ]] && continue
        if [[ "$file" == *.tmp || "$file" == *.tmp.* ]]; then problems+=("left a temporary file $file")
        elif ! grep -qxF -- "$file" <<<"$before" && ! grep -qxF -- "$file" <<<"$allowed"; then
            problems+=("left a new file $file")
        fi
    done <<<"$after"

    if [[ ${#problems[@]} -eq 0 ]]; then
        if is_known "$name"; then
            echo "FAIL: $name passes but is listed in KNOWN-FAILURES (remove it from the list)"
            unexpected_pass=$((unexpected_pass + 1))
        else
            passed=$((passed + 1))
        fi
    else
        if is_known "$name"; then
            echo "known failure: $name: ${problems[0]}"; known_failed=$((known_failed + 1))
        else
            echo "FAIL: $name ($dangan ${args[*]})"
            printf '  %s\n' "${problems[@]}"
            echo "  stderr was:"; head -c 3000 "$tmp/$name.err" | sed 's/^/    /'
            failed=$((failed + 1))
        fi
    fi
done
echo "catalogue: $passed passed, $known_failed known failures, $skipped skipped, $failed failed," \
     "$unexpected_pass listed as known failures but passing"
[[ $failed -eq 0 && $unexpected_pass -eq 0 ]]
