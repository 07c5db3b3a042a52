#!/usr/bin/env bash
# Builds Functions.sln (every project: the Server, the Functions app, the tools) and runs every test in it.
#
#   bash scripts/test.sh                                  # everything
#   bash scripts/test.sh --filter "FullyQualifiedName~Jobs" # extra args go to `dotnet test`
#
# Environment: CONFIGURATION (default Release).
# Test fixtures start their own Azurite and browser; this script only makes sure Azurite and Debian's Chromium are installed.
# TRX files go to artifacts/test-results/. The last line printed is the summed count over all
# test assemblies, read from the TRX files: `tests: N passed, N failed[, N skipped]`.
# Exit status is non-zero when the build fails, any test fails, a test run fails without a
# failing test (a crashed test host), an assembly leaves no TRX, or no test ran at all.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CF_ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
SOLUTION="Functions.sln"
RESULTS_DIR="$CF_ROOT/artifacts/test-results"

require_command dotnet
ensure_node_modules
ensure_chromium

# Prints the count line and exits. $1 passed, $2 failed, $3 skipped, $4 exit code.
finish() {
    local line="tests: $1 passed, $2 failed"
    if (($3 > 0)); then
        line+=", $3 skipped"
    fi
    printf '%s\n' "$line"
    exit "$4"
}

log "dotnet build $SOLUTION -c $CONFIGURATION"
if ! dotnet build "$SOLUTION" -c "$CONFIGURATION" -nologo </dev/null; then
    log "build failed"
    finish 0 1 0 1
fi

# Test projects in the solution (<IsTestProject>true</IsTestProject>): the number of TRX files to expect.
# A project line of the .sln reads: Project("{type}") = "Name", "relative\path\Name.csproj", "{guid}".
expected_assemblies=0
while IFS= read -r project; do
    [[ -n "$project" ]] || continue
    if grep -qi '<IsTestProject>[[:space:]]*true[[:space:]]*</IsTestProject>' "$CF_ROOT/$project" 2>/dev/null; then
        expected_assemblies=$((expected_assemblies + 1))
    fi
done < <(sed -n 's/^Project("[^"]*")[[:space:]]*=[[:space:]]*"[^"]*",[[:space:]]*"\([^"]*\.csproj\)".*$/\1/p' "$SOLUTION" | tr '\134' '/')
if ((expected_assemblies == 0)); then
    log "error: found no test project (<IsTestProject>true</IsTestProject>) in $SOLUTION"
    finish 0 1 0 1
fi
log "$SOLUTION: $expected_assemblies test projects"

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

log "dotnet test $SOLUTION -c $CONFIGURATION $*"
set +e
dotnet test "$SOLUTION" -c "$CONFIGURATION" --no-build -nologo \
    --logger "console;verbosity=normal" \
    --logger "trx;LogFilePrefix=tests" \
    --results-directory "$RESULTS_DIR" \
    "$@" </dev/null
test_rc=$?
set -e

# Reads attribute $2 of the first <$1 ...> element in the TRX file $3 (0 when absent).
trx_attr() {
    local value
    value="$(grep -o "<$1 [^>]*>" "$3" | head -n 1 | sed -n "s/.* $2=\"\([^\"]*\)\".*/\1/p" || true)"
    printf '%s\n' "${value:-0}"
}

passed=0 failed=0 skipped=0 trx_count=0
shopt -s nullglob
for trx in "$RESULTS_DIR"/*.trx; do
    trx_count=$((trx_count + 1))
    total="$(trx_attr Counters total "$trx")"
    executed="$(trx_attr Counters executed "$trx")"
    p="$(trx_attr Counters passed "$trx")"
    f=0
    for attr in failed error timeout aborted; do
        f=$((f + $(trx_attr Counters "$attr" "$trx")))
    done
    s=$((total - executed))
    ((s < 0)) && s=0
    outcome="$(trx_attr ResultSummary outcome "$trx")"
    storage="$(grep -o 'storage="[^"]*"' "$trx" | head -n 1 | sed 's/storage="\(.*\)"/\1/' || true)"
    # The assembly's path is in every test's storage attribute; a TRX with no test has none.
    if [[ -n "$storage" ]]; then
        name="$(basename "$storage")"
    else
        name="$(basename "$trx") (no test ran)"
    fi
    log "$name: $p passed, $f failed, $s skipped (run outcome: $outcome)"
    # A run that failed with no failing test means the test host crashed or could not start.
    if [[ "$outcome" != "Completed" && "$outcome" != "Passed" ]] && ((f == 0)); then
        log "error: test run ${trx#"$CF_ROOT/"} ended '$outcome' without a failing test (test host crash?); counted as 1 failure"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
done

if ((trx_count == 0)); then
    log "error: dotnet test produced no TRX file in ${RESULTS_DIR#"$CF_ROOT/"} (exit code $test_rc); counted as 1 failure"
    failed=$((failed + 1))
elif ((trx_count < expected_assemblies)); then
    missing=$((expected_assemblies - trx_count))
    log "error: $expected_assemblies test assemblies but only $trx_count TRX files; $missing missing, counted as failures"
    failed=$((failed + missing))
fi
if ((test_rc != 0 && failed == 0)); then
    log "error: dotnet test exited with $test_rc although the TRX files show no failure; counted as 1 failure"
    failed=1
fi
rc=0
((failed > 0)) && rc=1
if ((passed + failed == 0)); then
    log "error: no test ran"
    rc=1
fi

finish "$passed" "$failed" "$skipped" "$rc"
