#!/usr/bin/env bash
# Runs every benchmark case and writes bench/results.md and bench/results.csv.
#   bench/run.sh            the full suite (about 5 minutes on 2 cores once the models are cached)
#   bench/run.sh --quick    short measurements, for checking that everything runs
# Extra arguments go to the harness, e.g. --case http.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BENCH_BUILD_DIR:-$repo/bench/artifacts/build}"
cd "$repo"
dotnet build bench -c Release --artifacts-path "$build" -nologo -v quiet
exec dotnet "$build/bin/Orleans.Mle.Bench/release/Orleans.Mle.Bench.dll" "$@"
