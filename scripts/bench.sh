#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md, each against a private in-memory Azurite:
#   pipeline  sequential vs a pool of 5 vs CatalogForge's engine over N items, realistic emulator latency (~20 min at N=200)
#   engine    zero-latency activities through the Durable Task engine: activities/s, peak memory over a 1k and a 10k job
#   crash     the Server as its own process, kill -9 mid-job, restart: completes, one product per item, no duplicate call
#   scaleout  two Server processes on one task hub share a job, one is killed -9, the other completes it, no duplicate call
#   similarity  exact top-k cosine over all pairs of 2k/10k/20k random 1,536-d vectors next to NumPy/OpenBLAS (installs
#             Debian's python3-numpy and OpenBLAS with apt-get when missing; needs no Azurite)
#   nightly   one tenant's whole nightly run over 10,000 seeded products with 1,536-d embeddings (--products N): wall time
#             and peak memory
#
#   bash scripts/bench.sh pipeline|engine|crash|scaleout|similarity|nightly [--no-build] [benchmark options, e.g. --n 50]
#
# Builds tests/CatalogForge.Benchmarks (and the Server) in Release, installs Azurite (npm ci) when missing, runs the mode
# and prints its one-line JSON result, also written to artifacts/bench/<mode>.json. Logs: artifacts/bench/logs/.
# Benchmark options: run with --help after the mode.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CF_ROOT"

MODE="${1:-}"
case "$MODE" in
    pipeline | engine | crash | scaleout | similarity | nightly) shift ;;
    -h | --help | "")
        sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown mode '$MODE' (pipeline, engine, crash, scaleout, similarity or nightly)" ;;
esac
BUILD=1
if [[ "${1:-}" == "--no-build" ]]; then
    BUILD=0
    shift
fi

OUT_DIR="$CF_ROOT/artifacts/bench"
CF_LOG_DIR="$OUT_DIR/logs"
BENCH_DLL="$CF_ROOT/tests/CatalogForge.Benchmarks/bin/Release/net10.0/CatalogForge.Benchmarks.dll"

cf_install_cleanup_trap
require_command dotnet node npm setsid ps
mkdir -p "$CF_LOG_DIR"
ensure_node_modules

if ((BUILD)); then
    log "building tests/CatalogForge.Benchmarks (Release; builds the Server too)"
    dotnet build tests/CatalogForge.Benchmarks -c Release -nologo -v quiet </dev/null >"$CF_LOG_DIR/build.log" 2>&1 || {
        tail -n 40 "$CF_LOG_DIR/build.log" >&2
        die "dotnet build tests/CatalogForge.Benchmarks failed"
    }
fi
[[ -f "$BENCH_DLL" ]] || die "missing ${BENCH_DLL#"$CF_ROOT/"} (run without --no-build)"

if [[ "$MODE" == "similarity" ]]; then
    # The reference is Debian's NumPy on OpenBLAS (python3-numpy alone may bring the slow reference BLAS).
    NUMPY_PYTHON=/usr/bin/python3
    if ! "$NUMPY_PYTHON" -c 'import numpy' >/dev/null 2>&1 || [[ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]]; then
        log "installing python3-numpy and libopenblas0-pthread with apt-get"
        apt-get install -y python3-numpy libopenblas0-pthread >"$CF_LOG_DIR/apt.log" 2>&1 || {
            tail -n 20 "$CF_LOG_DIR/apt.log" >&2
            die "apt-get install python3-numpy libopenblas0-pthread failed (run as root, or install them)"
        }
    fi
    log "running the similarity benchmark (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
    run_child dotnet "$BENCH_DLL" similarity --python "$NUMPY_PYTHON" --out "$OUT_DIR" "$@"
    exit 0
fi

start_azurite :memory:

log "running the $MODE benchmark (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
run_child dotnet "$BENCH_DLL" "$MODE" --storage "$AZURITE_CONNECTION_STRING" --out "$OUT_DIR" "$@"
