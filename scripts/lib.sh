# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it; do not run it.
#
#   source "$(dirname "$0")/lib.sh"
#   cf_install_cleanup_trap              # stop everything started below on EXIT/INT/TERM
#   ensure_node_modules                  # npm ci when node_modules/.bin/azurite is missing
#   start_azurite :memory:               # or a data folder, e.g. artifacts/demo/azurite
#   port=$(free_port)
#   start_service emulator "$dir" dotnet CatalogForge.AiEmulator.dll --urls "http://127.0.0.1:$port"
#   wait_http "http://127.0.0.1:$port/health" 60 "$(service_pid emulator)"
#
# Every service runs in its own session and process group (setsid), so cleanup can stop the
# whole tree of each one (npm shims, node workers, …) by group id without touching anything
# this script did not start. Cleanup waits for every group to be gone and then checks that the
# ports the services listened on are free again.

if [[ -n "${CF_LIB_LOADED:-}" ]]; then
    return 0
fi
CF_LIB_LOADED=1

CF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CF_ROOT

# Quiet, predictable dotnet output in scripts and CI.
export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER="${MSBUILDTERMINALLOGGER:-off}"

# Where start_azurite / start_service write their logs.
CF_LOG_DIR="${CF_LOG_DIR:-$CF_ROOT/artifacts/logs}"

# Parallel arrays: one entry per started service.
CF_SERVICE_NAMES=()
CF_SERVICE_PIDS=()
CF_SERVICE_LOGS=()
# Ports to check after cleanup.
CF_PORTS=()
# Foreground work run through run_child (at most one at a time).
CF_CHILD_PIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

require_command() {
    local cmd
    for cmd in "$@"; do
        command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is required but was not found on PATH"
    done
}

# Installs the npm tooling (Azurite, pinned in package.json / package-lock.json) when missing.
ensure_node_modules() {
    local azurite="$CF_ROOT/node_modules/.bin/azurite"
    if [[ -x "$azurite" ]]; then
        return 0
    fi
    require_command node npm
    log "installing Azurite: npm ci (node_modules/.bin/azurite is missing)"
    (cd "$CF_ROOT" && npm ci --no-audit --no-fund </dev/null) >&2 || die "npm ci failed"
    [[ -x "$azurite" ]] || die "npm ci finished but $azurite is still missing"
}

# Installs Debian's Chromium (the dashboard's browser tests drive it) when /usr/bin/chromium is missing. Needs root
# and apt-get; waits for another apt/dpkg run to let go of its lock; refreshes the package lists once if they lack it.
ensure_chromium() {
    [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] && return 0
    [[ "$(id -u)" == 0 ]] || die "Chromium is missing: run 'sudo apt-get install -y chromium' (the dashboard tests need it)"
    require_command apt-get
    log "installing Chromium: apt-get install -y chromium (/usr/bin/chromium is missing)"
    local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600)
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install chromium </dev/null >&2; then
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" update </dev/null >&2 || die "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" install chromium </dev/null >&2 || die "apt-get install chromium failed"
    fi
    [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || die "apt-get installed chromium but ${CHROMIUM_PATH:-/usr/bin/chromium} is still missing"
}

# Prints a TCP port that was free on 127.0.0.1 a moment ago (the kernel picks it).
free_port() {
    local port
    if command -v node >/dev/null 2>&1; then
        port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});")"
    else
        local _
        for _ in $(seq 1 50); do
            port=$((20000 + RANDOM % 40000))
            if ! port_in_use "$port"; then
                break
            fi
        done
    fi
    [[ "$port" =~ ^[0-9]+$ ]] || die "could not find a free port"
    printf '%s\n' "$port"
}

# True when something listens on the TCP port (any address).
port_in_use() {
    if command -v ss >/dev/null 2>&1; then
        [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# wait_http URL TIMEOUT_SECONDS [PID]: waits until URL answers 2xx. Fails early when PID exits.
wait_http() {
    local url="$1" timeout="$2" pid="${3:-}"
    local deadline=$((SECONDS + timeout))
    require_command curl
    while ((SECONDS < deadline)); do
        if curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null; then
            return 0
        fi
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            log "process $pid exited while waiting for $url"
            return 1
        fi
        sleep 0.5
    done
    log "timed out after ${timeout}s waiting for $url"
    return 1
}

# start_service NAME WORKDIR COMMAND [ARGS...]
# Starts COMMAND in WORKDIR as a new session/process group, output to $CF_LOG_DIR/NAME.log,
# stdin from /dev/null. Extra environment: export it before, or prefix with `env K=V ...`.
start_service() {
    local name="$1" workdir="$2"
    shift 2
    mkdir -p "$CF_LOG_DIR"
    local logfile="$CF_LOG_DIR/$name.log"
    : >"$logfile"
    # The subshell is not a process-group leader (no job control in scripts), so setsid
    # does not fork: $! is the new session's leader and its id is the process group id.
    (cd "$workdir" && exec setsid "$@" </dev/null >>"$logfile" 2>&1) &
    local pid=$!
    CF_SERVICE_NAMES+=("$name")
    CF_SERVICE_PIDS+=("$pid")
    CF_SERVICE_LOGS+=("$logfile")
    # setsid runs in the child right after fork; give it a moment before checking.
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        [[ "$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null && [[ "$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ')" != "$pid" ]]; then
        die "$name (pid $pid) did not get its own session; is job control (set -m) on?"
    fi
    log "started $name (pid $pid, log ${logfile#"$CF_ROOT/"})"
}

# Prints the pid (= process group id) of a service started with start_service.
service_pid() {
    local i
    for i in "${!CF_SERVICE_NAMES[@]}"; do
        if [[ "${CF_SERVICE_NAMES[$i]}" == "$1" ]]; then
            printf '%s\n' "${CF_SERVICE_PIDS[$i]}"
            return 0
        fi
    done
    return 1
}

# Remembers a port that must be free again after cleanup.
track_port() { CF_PORTS+=("$1"); }

# start_azurite DIR|:memory:
# Starts Azurite (blob, queue, table) on kernel-chosen loopback ports, reads the ports from its
# output and exports AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT and
# AZURITE_CONNECTION_STRING. A DIR keeps the data there (created when missing).
start_azurite() {
    local location="${1:-:memory:}"
    ensure_node_modules
    local args=(
        --skipApiVersionCheck --disableProductStyleUrl --loose --disableTelemetry
        --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1
        --blobPort 0 --queuePort 0 --tablePort 0
    )
    if [[ "$location" == ":memory:" ]]; then
        args+=(--inMemoryPersistence)
    else
        [[ "$location" == /* ]] || location="$CF_ROOT/$location"
        mkdir -p "$location"
        args+=(--location "$location")
    fi
    start_service azurite "$CF_ROOT" "$CF_ROOT/node_modules/.bin/azurite" "${args[@]}"
    local pid logfile
    pid="$(service_pid azurite)"
    logfile="$CF_LOG_DIR/azurite.log"

    local deadline=$((SECONDS + 60)) blob="" queue="" table=""
    while ((SECONDS < deadline)); do
        blob="$(azurite_port_from_log "$logfile" Blob)"
        queue="$(azurite_port_from_log "$logfile" Queue)"
        table="$(azurite_port_from_log "$logfile" Table)"
        [[ -n "$blob" && -n "$queue" && -n "$table" ]] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$logfile" >&2 || true
            die "Azurite exited before listening"
        fi
        sleep 0.2
    done
    [[ -n "$blob" && -n "$queue" && -n "$table" ]] || die "Azurite did not report its ports within 60s (see $logfile)"

    export AZURITE_BLOB_PORT="$blob" AZURITE_QUEUE_PORT="$queue" AZURITE_TABLE_PORT="$table"
    local account=devstoreaccount1
    # Azurite's published development key: not a secret.
    local key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
    export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/$account;QueueEndpoint=http://127.0.0.1:$queue/$account;TableEndpoint=http://127.0.0.1:$table/$account;"
    track_port "$blob"
    track_port "$queue"
    track_port "$table"
    log "Azurite listening: blob $blob, queue $queue, table $table"
}

azurite_port_from_log() {
    sed -n "s/.*Azurite $2 service is successfully listening at http:\/\/127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p" "$1" 2>/dev/null | head -n 1
}

# Prints the last N lines (default 40) of every service log.
dump_service_logs() {
    local lines="${1:-40}" i
    for i in "${!CF_SERVICE_NAMES[@]}"; do
        local logfile="${CF_SERVICE_LOGS[$i]}"
        [[ -f "$logfile" ]] || continue
        printf '\n----- last %s lines of %s -----\n' "$lines" "${logfile#"$CF_ROOT/"}" >&2
        tail -n "$lines" "$logfile" >&2 || true
    done
}

# Stops every service this shell started, newest first and one at a time (the server drains
# while storage and the emulator are still up): SIGTERM to its process group, up to
# CF_STOP_TIMEOUT seconds (default 20) for a graceful exit, then SIGKILL. Then checks the ports.
stop_services() {
    local i pid name deadline
    for ((i = ${#CF_SERVICE_PIDS[@]} - 1; i >= 0; i--)); do
        pid="${CF_SERVICE_PIDS[$i]}"
        name="${CF_SERVICE_NAMES[$i]}"
        kill -TERM -- "-$pid" 2>/dev/null || true
        deadline=$((SECONDS + ${CF_STOP_TIMEOUT:-20}))
        while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if kill -0 -- "-$pid" 2>/dev/null; then
            log "$name (pid $pid) still running after SIGTERM; sending SIGKILL"
            kill -KILL -- "-$pid" 2>/dev/null || true
            deadline=$((SECONDS + 5))
            while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do
                sleep 0.1
            done
        fi
        wait "$pid" 2>/dev/null || true
    done
    if ((${#CF_SERVICE_PIDS[@]} > 0)); then
        log "stopped ${CF_SERVICE_NAMES[*]}"
    fi
    CF_SERVICE_PIDS=()
    CF_SERVICE_NAMES=()

    local port busy=()
    deadline=$((SECONDS + 10))
    for port in "${CF_PORTS[@]}"; do
        while port_in_use "$port" && ((SECONDS < deadline)); do
            sleep 0.2
        done
        port_in_use "$port" && busy+=("$port")
    done
    CF_PORTS=()
    if ((${#busy[@]} > 0)); then
        log "warning: ports still in use after cleanup: ${busy[*]}"
        return 1
    fi
    return 0
}

# run_child COMMAND [ARGS...]: runs COMMAND as a child of this shell and returns its exit code.
# It runs in the background and the shell waits for it, so a Ctrl-C or SIGTERM reaches the
# cleanup trap at once (a foreground child would delay traps until it ends); cleanup then sends
# the child SIGTERM, gives it 10 s to finish (the demo client prints a partial summary), then SIGKILL.
run_child() {
    "$@" &
    local pid=$!
    CF_CHILD_PIDS=("$pid")
    local rc=0
    wait "$pid" || rc=$?
    CF_CHILD_PIDS=()
    return "$rc"
}

stop_children() {
    local pid deadline
    for pid in "${CF_CHILD_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || continue
        deadline=$((SECONDS + 10))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    CF_CHILD_PIDS=()
}

# Hook for scripts: set CF_ON_FAILURE to a function name to have it called with the exit code
# (before services stop) when the script exits non-zero.
CF_ON_FAILURE=""

cf_cleanup() {
    local rc=$?
    # A second Ctrl-C must not cut the cleanup short and leave services behind.
    trap - EXIT
    trap '' INT TERM
    stop_children
    if ((rc != 0)) && [[ -n "$CF_ON_FAILURE" ]]; then
        "$CF_ON_FAILURE" "$rc" || true
    fi
    stop_services || true
    exit "$rc"
}

# Installs the cleanup trap: EXIT stops everything; INT/TERM exit with 130/143 (which runs it).
cf_install_cleanup_trap() {
    trap cf_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
