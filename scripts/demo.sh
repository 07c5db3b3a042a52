#!/usr/bin/env bash
# The end-to-end demo, on loopback only, from a fresh clone:
#   1. installs Azurite (npm ci) when missing and builds the emulator, the server and the demo client;
#   2. starts Azurite (in memory), the AI emulator and the CatalogForge server on free ports;
#   3. creates a demo tenant with the server's CLI;
#   4. runs the demo client: samples/briefs.json as a generate job, samples/catalog.csv as an
#      enrich job, live progress, a summary table and a gallery at artifacts/demo/index.html;
#   5. runs the nightly catalog intelligence for the demo tenant (scripts/demo-nightly.mjs): sets
#      samples/brand-profile.json as its brand profile, starts a run with POST /api/catalog/refresh,
#      follows it, and prints the top similar pairs, the near-duplicate clusters (briefs.json lists
#      "Weeknight Sourdough" twice on purpose: same request, same content, cosine 1; with --chaos a
#      copy served by a fallback deployment is written differently and may not pair), drift,
#      perception per brand, risk and alerts;
#   6. stops everything it started (also on Ctrl-C or failure) and checks the ports are free.
#
#   bash scripts/demo.sh [--chaos] [--timeout SECONDS] [--no-build] [--keep]
#
# The dashboard's URL is printed once the server is up. --keep leaves Azurite, the emulator and the
# server running after the jobs (and prints the demo tenant's API key to sign in with) until Ctrl-C.
#
# --chaos runs the same demo against a hostile provider (samples/chaos/emulator.json: 30 % 500/503 on
# every deployment, 60 RPM on the chat deployments, content-filter trigger words that some sample
# briefs contain, one embedding region down) with the server set up to survive it
# (samples/chaos/server.json: fallback deployments, retry and breaker settings).
#
# Exit status: the demo client's (0 = both jobs finished; see its --help), or 1 when a step
# before it or the nightly run failed. Service logs: artifacts/demo/logs/*.log (the last 40
# lines of each are printed when anything fails).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CF_ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
TIMEOUT=600
BUILD=1
CHAOS=0
KEEP=0
while (($# > 0)); do
    case "$1" in
        --chaos)
            CHAOS=1
            shift
            ;;
        --timeout)
            [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--timeout needs a number of seconds"
            TIMEOUT="$2"
            shift 2
            ;;
        --no-build)
            BUILD=0
            shift
            ;;
        --keep)
            KEEP=1
            shift
            ;;
        -h | --help)
            sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
done

OUT_DIR="$CF_ROOT/artifacts/demo"
CF_LOG_DIR="$OUT_DIR/logs"
EMULATOR_DIR="$CF_ROOT/src/CatalogForge.AiEmulator/bin/$CONFIGURATION/net10.0"
SERVER_DIR="$CF_ROOT/src/CatalogForge.Server/bin/$CONFIGURATION/net10.0"
CLIENT_DLL="$CF_ROOT/tools/CatalogForge.Demo/bin/$CONFIGURATION/net10.0/CatalogForge.Demo.dll"

# shellcheck disable=SC2317 # called from the cleanup trap
on_failure() {
    if (($1 == 130 || $1 == 143)); then
        log "interrupted; stopping everything"
        return 0
    fi
    dump_service_logs 40
    log "demo failed (exit code $1); logs are in ${CF_LOG_DIR#"$CF_ROOT/"}/"
}

# die, after the last lines of a log that explains why.
fail_with_log() {
    printf '\n----- last 40 lines of %s -----\n' "${2#"$CF_ROOT/"}" >&2
    tail -n 40 "$2" >&2 || true
    die "$1"
}
# shellcheck disable=SC2034 # read by cf_cleanup in lib.sh
CF_ON_FAILURE=on_failure
cf_install_cleanup_trap

require_command dotnet node npm curl setsid ps
rm -rf "$OUT_DIR"
mkdir -p "$CF_LOG_DIR"

ensure_node_modules

if ((BUILD)); then
    : >"$CF_LOG_DIR/build.log"
    for project in src/CatalogForge.AiEmulator src/CatalogForge.Server tools/CatalogForge.Demo; do
        log "building $project ($CONFIGURATION)"
        dotnet build "$project" -c "$CONFIGURATION" -nologo -v quiet </dev/null >>"$CF_LOG_DIR/build.log" 2>&1 ||
            fail_with_log "dotnet build $project failed" "$CF_LOG_DIR/build.log"
    done
fi
for file in "$EMULATOR_DIR/CatalogForge.AiEmulator.dll" "$SERVER_DIR/CatalogForge.Server.dll" "$CLIENT_DLL"; do
    [[ -f "$file" ]] || die "missing ${file#"$CF_ROOT/"} (run without --no-build)"
done

# A JSON settings file as command-line arguments (--Section:Key=value), which outrank appsettings and the environment.
settings_args() {
    node -e '
        const flat = (node, prefix) => Object.entries(node).flatMap(([key, value]) =>
            value !== null && typeof value === "object" ? flat(value, prefix + key + ":") : [`--${prefix}${key}=${value}`]);
        console.log(flat(require(process.argv[1]), "").join("\n"));' "$1"
}
EMULATOR_ARGS=()
SERVER_ARGS=()
if ((CHAOS)); then
    mapfile -t EMULATOR_ARGS < <(settings_args "$CF_ROOT/samples/chaos/emulator.json")
    mapfile -t SERVER_ARGS < <(settings_args "$CF_ROOT/samples/chaos/server.json")
    ((${#EMULATOR_ARGS[@]} > 0 && ${#SERVER_ARGS[@]} > 0)) || die "could not read samples/chaos/*.json"
    log "chaos mode: ${#EMULATOR_ARGS[@]} emulator and ${#SERVER_ARGS[@]} server settings from samples/chaos/"
fi

# Storage: a private in-memory Azurite on kernel-chosen ports.
start_azurite :memory:

# The AI emulator. Services run from their output folder so they find their appsettings*.json.
emulator_port="$(free_port)"
EMULATOR_URL="http://127.0.0.1:$emulator_port"
start_service emulator "$EMULATOR_DIR" \
    env ASPNETCORE_ENVIRONMENT=Development \
    dotnet CatalogForge.AiEmulator.dll --urls "$EMULATOR_URL" "${EMULATOR_ARGS[@]}"
track_port "$emulator_port"
wait_http "$EMULATOR_URL/health" 60 "$(service_pid emulator)" || die "the AI emulator did not become healthy"
log "AI emulator ready at $EMULATOR_URL"

# The server, wired to both.
export ASPNETCORE_ENVIRONMENT=Development
export Storage__ConnectionString="$AZURITE_CONNECTION_STRING"
export Storage__InitializeOnStart=true
export Ai__Providers__emulator__Endpoint="$EMULATOR_URL/"
server_port="$(free_port)"
SERVER_URL="http://127.0.0.1:$server_port"
start_service server "$SERVER_DIR" dotnet CatalogForge.Server.dll --urls "$SERVER_URL" "${SERVER_ARGS[@]}"
track_port "$server_port"
wait_http "$SERVER_URL/api/health" 120 "$(service_pid server)" || die "the server did not answer /api/health"
wait_http "$SERVER_URL/api/readiness" 120 "$(service_pid server)" || die "the server did not become ready (/api/readiness)"
log "server ready at $SERVER_URL"
log "dashboard: $SERVER_URL/"

# A tenant for the demo, made by the server's own CLI against the same storage.
log "creating the demo tenant"
tenant_output="$(cd "$SERVER_DIR" && timeout 120 dotnet CatalogForge.Server.dll tenant create demo </dev/null 2>"$CF_LOG_DIR/tenant.log")" ||
    fail_with_log "'tenant create demo' failed" "$CF_LOG_DIR/tenant.log"
printf '%s\n' "$tenant_output" | sed 's/^\(api-key:\).*/\1 (hidden)/' >>"$CF_LOG_DIR/tenant.log"
tenant_id="$(sed -n 's/^tenant:[[:space:]]*\([^[:space:]]*\).*/\1/p' <<<"$tenant_output" | head -n 1)"
api_key="$(sed -n 's/^api-key:[[:space:]]*\([^[:space:]]*\).*/\1/p' <<<"$tenant_output" | head -n 1)"
[[ -n "$api_key" ]] || fail_with_log "'tenant create demo' printed no 'api-key: …' line" "$CF_LOG_DIR/tenant.log"
log "tenant ${tenant_id:-?} created"

# The key goes through the environment, not the command line (ps would show it).
client_rc=0
CATALOGFORGE_API_KEY="$api_key" run_child dotnet "$CLIENT_DLL" \
    --server "$SERVER_URL" \
    --briefs samples/briefs.json \
    --catalog samples/catalog.csv \
    --out "$OUT_DIR" \
    --emulator "$EMULATOR_URL" \
    --timeout "$TIMEOUT" || client_rc=$?

if [[ -f "$OUT_DIR/index.html" ]]; then
    log "done: open ${OUT_DIR#"$CF_ROOT/"}/index.html in a browser"
fi
if ((client_rc != 0)); then
    log "the demo client exited with $client_rc"
else
    log "nightly catalog intelligence for the demo tenant"
    CATALOGFORGE_API_KEY="$api_key" run_child node scripts/demo-nightly.mjs \
        --server "$SERVER_URL" --profile samples/brand-profile.json --gallery "$OUT_DIR/index.html" --timeout "$TIMEOUT" || client_rc=1
fi
if ((KEEP)); then
    # The key is shown only here, where someone is at the terminal to sign in with it.
    log "keeping everything up until Ctrl-C: open $SERVER_URL/ and sign in with the API key $api_key"
    trap 'exit "$client_rc"' INT TERM
    while kill -0 "$(service_pid server)" 2>/dev/null; do
        sleep 1 &
        wait $! || true
    done
    die "the server stopped (see ${CF_LOG_DIR#"$CF_ROOT/"}/server.log)"
fi
exit "$client_rc"
