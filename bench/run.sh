#!/usr/bin/env bash
# kpss vs Hugo on synthetic sites of N meetings.
#
#   bench/run.sh [N ...]          default: 10000 100000 (the table of issue #15 in one command)
#
# Environment:
#   RUNS=3         runs per tool and size (kpss and Hugo alternate)
#   HUGO_RUNS=     runs of Hugo if different (e.g. HUGO_RUNS=1)
#   HUGO_MAX=10000 Hugo only at sizes up to this (at 100000 it needs ~15-20 GiB and minutes)
#   BENCH_DIR=/tmp/kpss-bench   where sites (BENCH_DIR/N/{kpss,hugo}) and outputs go
#   KPSS_DATE=2026-11-25        the build date given to kpss
#   SEARCH=off     kpss builds without the search index ([search] enabled = false in a copy of
#                  the site, BENCH_DIR/N/kpss-nosearch); SEARCH=on indexes as the site says
#   MIN_FREE_GB=40 refuse to start with less free space in BENCH_DIR (the outputs moved aside
#                  pile up until the last run)
#   SERVE=1        time preview edits (scripts/serve-latency.py: body, place, date, number,
#                  title, minutes, new meeting, group; 10 each) at the largest size (default;
#                  SERVE=0 skips them)
#
# Per size it alternates: kpss cold (a new output, no cache: what a first build in CI pays),
# the floor (examples/bare.rs: load, front matter, Markdown, syntect, one template, one file per
# meeting) and Hugo; then, into the last cold kpss output and its build cache, warm builds after
# editing one meeting's body, after moving its date to 1999 (kpss-warm-date: it moves across
# every page of the lists between, the worst case) and after fixing the day of its date within
# the month (kpss-warm-day: the usual correction); each edit undone after its run; every timed
# build, warm as cold, starts after `sync` (the builds before it written to disk). Last, the
# body edit once more into a copy of that output (kpss-warm-ci: `cp -a` gives every file a new
# inode and change time and there is no spare, as in a CI job that restored the output and its
# cache: every page taken is read, checked and linked; every Markdown file is touched first, as
# a fresh checkout gives each a new stamp: every text is read).
#
# Needs: cargo, python3, hugo (Debian package `hugo`), GNU time (/usr/bin/time, package `time`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
hugo_max=${HUGO_MAX:-10000}
runs=${RUNS:-3}
hugo_runs_all=${HUGO_RUNS:-$runs}
dir=${BENCH_DIR:-/tmp/kpss-bench}
date=${KPSS_DATE:-2026-11-25}
TIME=/usr/bin/time

for tool in hugo python3 cargo; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y hugo / python3)" >&2; exit 2; }
done
[ -x "$TIME" ] || { echo "missing: $TIME (apt-get install -y time)" >&2; exit 2; }

# Outputs are moved aside, not deleted, until the last run: at 100,000 meetings the trash
# grew to 20 GB beside the live outputs (a run of the twenty-third session ran out of space).
# A full disk fails a run part way; MIN_FREE_GB=0 skips the check.
mkdir -p "$dir"
free_gb=$(df --output=avail -BG "$dir" | tail -1 | tr -dc '0-9')
if [ "${free_gb:-0}" -lt "${MIN_FREE_GB:-40}" ]; then
    echo "only ${free_gb} GB free in $dir; the default run needs about ${MIN_FREE_GB:-40} (MIN_FREE_GB=… to change)" >&2
    exit 2
fi

echo "building kpss and the floor (release)…" >&2
(cd "$repo" && cargo build --release --quiet && cargo build --release --quiet --example bare)
# A private copy: other work in the repo may rebuild target/release/kpss during the runs.
mkdir -p "$dir/bin"
cp "$repo/target/release/kpss" "$dir/bin/kpss"
cp "$repo/target/release/examples/bare" "$dir/bin/bare"
kpss="$dir/bin/kpss"
bare="$dir/bin/bare"
search=${SEARCH:-off}
rev=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?')
dirty=$(cd "$repo" && git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null | wc -l)
env_line="$(hugo version | cut -d' ' -f1-2); kpss at $rev ($dirty changed files in src/themes/Cargo); $(nproc) cores"

gen_sum=$(cksum <"$here/gen.py" | cut -d' ' -f1)

median() { sort -g | awk '{a[NR]=$1} END {m=int((NR+1)/2); if (NR%2) print a[m]; else printf "%.2f\n", (a[m]+a[m+1])/2}'; }
maxof() { sort -g | tail -1; }

# measure OUTDIR RESULTFILE -- CMD...: run CMD (which writes OUTDIR) under GNU time, append
# "wall user+sys rss_kib" to RESULTFILE.
#
# OUTDIR must not exist. An earlier output is moved into $trash, not deleted: on ext4 without a
# journal (this machine's disk) the inode allocator skips every inode freed in the last 60 s
# (5 s in older kernels), or 300 s more while its inode-table block is dirty, and scans past
# them one by one, so a build started right after `rm -rf` of 20,000 files pays seconds of
# kernel time for the deletion (both tools alike; measured with a Python loop writing 10,000
# folders with one file each: 4.2 s right after such a deletion, 0.3-0.5 s in the next two
# runs). The trash is deleted once, after the last run; wait ~6 minutes before running the
# script again, and as long after deleting any large folder by hand.
trash="$dir/trash"
measure() {
    local out=$1 res=$2; shift 3
    if [ -e "$out" ]; then
        mkdir -p "$trash"
        mv "$out" "$(mktemp -d "$trash/out.XXXXXX")/"
    fi
    sync
    local tf
    tf=$(mktemp)
    if ! "$TIME" -f '%e %U %S %M' -o "$tf" "$@" >"$tf.log" 2>&1; then
        echo "FAILED: $*" >&2
        cat "$tf.log" >&2
        rm -f "$tf" "$tf.log"
        exit 1
    fi
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$tf" >>"$res"
    rm -f "$tf" "$tf.log"
}

table=()
extra=()
ratios=()
loads=()
for n in "${sizes[@]}"; do
    site="$dir/$n"
    if [ "$(cat "$site/.gen" 2>/dev/null)" != "$gen_sum" ]; then
        echo "generating $n meetings into $site…" >&2
        mkdir -p "$site"
        python3 "$here/gen.py" --meetings "$n" --out "$site"
        echo "$gen_sum" >"$site/.gen"
    fi
    ksite="$site/kpss"
    if [ "$search" = off ]; then
        ksite="$site/kpss-nosearch"
        if [ "$(cat "$ksite/.gen" 2>/dev/null)" != "$gen_sum" ]; then
            rm -rf "$ksite"
            cp -r "$site/kpss" "$ksite"
            printf '\n[search]\nenabled = false\n' >>"$ksite/config.toml"
            echo "$gen_sum" >"$ksite/.gen"
        fi
    fi
    loads+=("$n: $(cut -d' ' -f1-3 /proc/loadavg)")
    kres="$site/kpss.times"; hres="$site/hugo.times"; fres="$site/floor.times"
    : >"$kres"; : >"$hres"; : >"$fres"
    hugo_runs=$hugo_runs_all
    ((n > hugo_max)) && hugo_runs=0
    for ((i = 1; i <= runs || i <= hugo_runs; i++)); do
        # (HUGO_RUNS=0 skips Hugo, e.g. at 100000 where it needs ~20 GiB)
        if ((i <= runs)); then
            echo "  $n: kpss run $i/$runs" >&2
            measure "$site/out-kpss" "$kres" -- "$kpss" --root "$ksite" build \
                --date "$date" --output "$site/out-kpss" --no-cache
            echo "  $n: floor run $i/$runs" >&2
            measure "$site/out-floor" "$fres" -- "$bare" "$ksite" "$site/out-floor"
        fi
        if ((i <= hugo_runs)); then
            echo "  $n: hugo run $i/$hugo_runs" >&2
            measure "$site/out-hugo" "$hres" -- hugo --source "$site/hugo" \
                --destination "$site/out-hugo" --quiet
        fi
    done
    # Warm builds: two cached builds of the last output first, untimed: the first renders
    # every page (a `--no-cache` build writes no cache) and writes the cache; the second
    # writes into the replaced `--no-cache` output, which has no cache of its own, so it reads
    # and compares every page it keeps (at 100k 1.4 s of taking pages instead of 0.4: the
    # case of the first warm build after a `--no-cache` one, not of the edits measured here).
    # Then per run an edit, a timed build into the same output, the edit undone (not timed).
    for _ in 1 2; do
        "$kpss" --root "$ksite" build --date "$date" --output "$site/out-kpss" >/dev/null 2>&1
    done
    meeting=$(find "$ksite/content" -path '*/jednani/*.md' | sort | sed -n 1p)
    cp "$meeting" "$site/meeting.orig"
    wres_body="$site/warm-body.times"; wres_date="$site/warm-date.times"
    wres_day="$site/warm-day.times"; wres_ci="$site/warm-ci.times"
    : >"$wres_body"; : >"$wres_date"; : >"$wres_day"; : >"$wres_ci"
    rm -f "$wres_body.log" "$wres_date.log" "$wres_day.log" "$wres_ci.log"
    # The day of its date set to the 28th (the 27th when it is the 28th already).
    day=$(sed -n -E 's/^date = [0-9]{4}-[0-9]{2}-([0-9]{2}).*/\1/p' "$meeting")
    newday=28; [ "$day" = 28 ] && newday=27
    timed() { # resfile outdir: one timed cached build into outdir, its figures appended
        local tf
        tf=$(mktemp)
        # As before a cold run (`measure`): the last build's writes on disk first, not
        # written back under this one.
        sync
        # Its stages as `KPSS_TIMINGS` prints them, beside the figures (`<resfile>.log`).
        KPSS_TIMINGS=1 "$TIME" -f '%e %U %S %M' -o "$tf" "$kpss" --root "$ksite" build \
            --date "$date" --output "$2" >/dev/null 2>"$tf.err" \
            || { echo "FAILED: warm build" >&2; cat "$tf.err" >&2; exit 1; }
        { grep '^kpss: ' "$tf.err" | sed 's/^kpss: //' | paste -sd'|'; } >>"$1.log" || true
        rm -f "$tf.err"
        awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$tf" >>"$1"
        rm -f "$tf"
    }
    warm() { # resfile
        timed "$1" "$site/out-kpss"
        cp "$site/meeting.orig" "$meeting"
        "$kpss" --root "$ksite" build --date "$date" --output "$site/out-kpss" >/dev/null 2>&1
    }
    for ((i = 1; i <= runs; i++)); do
        echo "  $n: warm builds $i/$runs" >&2
        printf '\nJedna věta navíc, běh %s.\n' "$i" >>"$meeting"
        warm "$wres_body"
        sed -i -E 's/^date = [0-9]{4}-/date = 1999-/' "$meeting"
        warm "$wres_date"
        sed -i -E "s/^date = ([0-9]{4})-([0-9]{2})-[0-9]{2}/date = \\1-\\2-$newday/" "$meeting"
        warm "$wres_day"
    done
    for ((i = 1; i <= runs; i++)); do
        echo "  $n: warm builds into a restored output $i/$runs" >&2
        cp -a "$site/out-kpss" "$site/out-ci"
        find "$ksite/content" -name '*.md' -exec touch {} +
        printf '\nJedna věta navíc, běh %s.\n' "$i" >>"$meeting"
        timed "$wres_ci" "$site/out-ci"
        cp "$site/meeting.orig" "$meeting"
        mkdir -p "$trash"
        mv "$site/out-ci" "$site/.kpss-spare-out-ci" "$(mktemp -d "$trash/ci.XXXXXX")/"
    done
    row() { # tool resfile outdir
        local w c m html xml
        w=$(cut -d' ' -f1 "$2" | median)
        c=$(cut -d' ' -f2 "$2" | median)
        m=$(cut -d' ' -f3 "$2" | maxof)
        html=$(find "$3" -name '*.html' | wc -l)
        xml=$(find "$3" -name '*.xml' | wc -l)
        echo "$n $1 $w $c $((m / 1024)) $html $xml $(wc -l <"$2")"
    }
    kr=$(row kpss "$kres" "$site/out-kpss")
    extra+=("$(row floor "$fres" "$site/out-floor")")
    extra+=("$(row "kpss-warm-body" "$wres_body" "$site/out-kpss")")
    extra+=("$(row "kpss-warm-date" "$wres_date" "$site/out-kpss")")
    extra+=("$(row "kpss-warm-day" "$wres_day" "$site/out-kpss")")
    extra+=("$(row "kpss-warm-ci" "$wres_ci" "$site/out-kpss")")
    cold_wall=$(cut -d' ' -f1 "$kres" | median)
    floor_wall=$(cut -d' ' -f1 "$fres" | median)
    ratios+=("$n: kpss/floor wall $(awk -v a="$cold_wall" -v b="$floor_wall" 'BEGIN {printf "%.2f", a / b}'), warm body/cold $(awk -v a="$(cut -d' ' -f1 "$wres_body" | median)" -v b="$cold_wall" 'BEGIN {printf "%.0f%%", 100 * a / b}'), warm date/cold $(awk -v a="$(cut -d' ' -f1 "$wres_date" | median)" -v b="$cold_wall" 'BEGIN {printf "%.0f%%", 100 * a / b}'), warm day/cold $(awk -v a="$(cut -d' ' -f1 "$wres_day" | median)" -v b="$cold_wall" 'BEGIN {printf "%.0f%%", 100 * a / b}'), warm ci/cold $(awk -v a="$(cut -d' ' -f1 "$wres_ci" | median)" -v b="$cold_wall" 'BEGIN {printf "%.0f%%", 100 * a / b}')")
    if ((hugo_runs > 0)); then hr=$(row hugo "$hres" "$site/out-hugo"); else hr="$n hugo - - - - - 0"; fi
    table+=("$kr" "$hr")
done

echo "removing earlier outputs ($trash)…" >&2
rm -rf "$trash"
sync

printf '\n| %8s | %-4s | %11s | %10s | %12s | %6s | %5s | %4s | %s |\n' \
    meetings tool "wall s (med)" "CPU s (med)" "peak RSS MiB" html xml runs "hugo/kpss wall, CPU, RSS"
printf '|%s|\n' "---------:|------|-------------:|------------:|-------------:|-------:|------:|-----:|---"
for ((i = 0; i < ${#table[@]}; i += 2)); do
    read -r n t w c m h x r <<<"${table[i]}"
    read -r _ _ hw hc hm hh hx hr <<<"${table[i + 1]}"
    ratio="n/a"
    [ "$hw" != "-" ] && ratio=$(awk -v a="$hw" -v b="$w" -v c="$hc" -v d="$c" -v e="$hm" -v f="$m" \
        'BEGIN {printf "%.2f×, %.2f×, %.2f×", (b > 0 ? a / b : 0), (d > 0 ? c / d : 0), (f > 0 ? e / f : 0)}')
    printf '| %8s | %-4s | %12s | %11s | %12s | %6s | %5s | %4s | %s |\n' "$n" kpss "$w" "$c" "$m" "$h" "$x" "$r" ""
    printf '| %8s | %-4s | %12s | %11s | %12s | %6s | %5s | %4s | %s |\n' "$n" hugo "$hw" "$hc" "$hm" "$hh" "$hx" "$hr" "$ratio"
done
echo
printf '| %8s | %-14s | %12s | %11s | %12s | %4s |\n' meetings build "wall s (med)" "CPU s (med)" "peak RSS MiB" runs
printf '|%s|\n' "---------:|----------------|-------------:|------------:|-------------:|-----:"
for r in "${extra[@]}"; do
    read -r n t w c m _ _ k <<<"$r"
    printf '| %8s | %-14s | %12s | %11s | %12s | %4s |\n' "$n" "$t" "$w" "$c" "$m" "$k"
done
echo
printf '%s\n' "${ratios[@]}"
if [ "${SERVE:-1}" = 1 ]; then
    n=${sizes[-1]}
    ksite="$dir/$n/kpss"; [ "$search" = off ] && ksite="$dir/$n/kpss-nosearch"
    meeting=$(find "$ksite/content" -path '*/jednani/*.md' | sort | sed -n 1p)
    rel=${meeting#"$ksite/"}
    # Pages are served under the path of base_url (/planovani/ in gen.py's config).
    base=$(sed -n -E 's#^base_url = "https?://[^/]*(/[^"]*)".*#\1#p' "$ksite/config.toml")
    base=${base:-/}
    url="${base%/}/${rel#content/}"; url="${url%.md}/"
    echo
    echo "preview edits at $n meetings, save → served (ms: min / median / max):"
    python3 "$repo/scripts/serve-latency.py" "$kpss" "$ksite" "$rel" "$url" 10 \
        body,place,date,number,title,minutes,new,group | grep -E 'startup|served|after the page'
fi
echo
echo "kpss: search $search; cold builds with --no-cache into a new folder; warm builds with the cache"
echo "$env_line"
echo "load average (1, 5, 15 min) before each size: ${loads[*]}"
echo "wall/CPU: median of the runs; RSS: max. html/xml: files in the output after the last run."
