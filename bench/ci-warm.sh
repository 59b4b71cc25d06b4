#!/usr/bin/env bash
# A warm build as a CI runner makes it, timed: the output of an earlier cached build restored
# into a new folder (`cp -r`: new inodes, no spare, as `actions/cache` or GitLab's `cache:`
# restore it), every source file touched (a fresh checkout), one meeting's body edited.
#
#   bench/ci-warm.sh N RUNS KPSS...   e.g. bench/ci-warm.sh 10000 3 /tmp/old/kpss target/release/kpss
#
# Needs the site of bench/run.sh at BENCH_DIR/N (run it once, or bench/gen.py). With several
# binaries the runs alternate between them; each has its own base output (two cached builds
# first). Prints per run the wall, CPU and peak RSS, and the build's `KPSS_TIMINGS` line on
# the pages taken. Earlier outputs are moved into BENCH_DIR/trash, not deleted (see run.sh).
set -euo pipefail
n=$1; runs=$2; shift 2
dir=${BENCH_DIR:-/tmp/kpss-bench}
site=$dir/$n; ksite=$site/kpss-nosearch
[ -d "$ksite" ] || { echo "no site at $ksite: run bench/run.sh $n first" >&2; exit 2; }
trash=$dir/trash; mkdir -p "$trash"
meeting=$(find "$ksite/content" -path '*/jednani/*.md' | sort | sed -n 1p)
orig=$(mktemp); cp "$meeting" "$orig"
trap 'cp "$orig" "$meeting"; rm -f "$orig"' EXIT
for ((b = 1; b <= $#; b++)); do
    bin=${!b}
    for i in 1 2; do "$bin" --root "$ksite" build --date 2026-11-25 --output "$site/out-base-$b" >/dev/null 2>&1; done
done
for ((r = 1; r <= runs; r++)); do
    for ((b = 1; b <= $#; b++)); do
        bin=${!b}
        for d in out-ci .kpss-spare-out-ci; do
            if [ -e "$site/$d" ]; then mv "$site/$d" "$(mktemp -d "$trash/ci.XXXXXX")/"; fi
        done
        cp -r "$site/out-base-$b" "$site/out-ci"
        find "$ksite/content" -name '*.md' -exec touch {} +
        printf '\nJedna věta navíc.\n' >>"$meeting"
        sync
        sleep 2.2
        log=$(mktemp)
        /usr/bin/time -f "run $r, $bin: %e s wall, %U+%S s CPU, %M KiB" env KPSS_TIMINGS=1 \
            "$bin" --root "$ksite" build --date 2026-11-25 --output "$site/out-ci" >/dev/null 2>"$log"
        grep -E "pages taken|s wall" "$log" | tr '\n' ' '
        echo
        rm -f "$log"
        cp "$orig" "$meeting"
    done
done
