#!/usr/bin/env python3
"""Give a generated kpss site (bench/gen.py) a realistic git history, for timing `git_dates`.

    bench/git-history.py --site DIR/kpss [--commits 300]

Makes DIR/kpss a git repository whose history grew the site: the first commit holds the
territories, groups and a fifth of the meetings; each of the next commits (one every two or
three days from 2019) adds the next slice of meetings, edits about 5 earlier meetings (a line
appended) and every tenth commit a group page; every 25th commit arrives through a merge of a
side branch (so the first-parent walk meets merges). The tree at the end is the generated site
with those edits. Deterministic (seeded random, set dates and identity); Python 3 and git only.
Then it appends `[build] git_dates = true` to a copy of config.toml kept as config-git.toml, so
the same site builds with and without git dates (see bench/README.md).
"""

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys


def git(site, when, *args):
    env = dict(os.environ)
    env.update({
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    })
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=site, env=env, check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--commits", type=int, default=300)
    a = ap.parse_args()
    site = os.path.abspath(a.site)
    if os.path.exists(os.path.join(site, ".git")):
        sys.exit(f"{site} is a git repository already")
    rng = random.Random(7)
    content = os.path.join(site, "content")
    meetings = sorted(
        os.path.join(dp, f)
        for dp, _, fs in os.walk(content)
        for f in fs
        if f.endswith(".md") and os.sep + "jednani" + os.sep in os.path.join(dp, f))
    groups = sorted(
        os.path.join(dp, f)
        for dp, _, fs in os.walk(content)
        for f in fs
        if os.sep + "skupiny" + os.sep in os.path.join(dp, f))
    # Hold the meetings back, bring them in slice by slice.
    held = os.path.join(os.path.dirname(site), "held-meetings")
    shutil.rmtree(held, ignore_errors=True)
    for m in meetings:
        dest = os.path.join(held, os.path.relpath(m, content))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.rename(m, dest)
    first = len(meetings) // 5
    rest = meetings[first:]
    per = max(1, -(-len(rest) // a.commits))

    def bring(ms):
        for m in ms:
            os.rename(os.path.join(held, os.path.relpath(m, content)), m)

    day = datetime.datetime(2019, 1, 7, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    when = lambda: day.isoformat()
    git(site, when(), "init", "-q")
    bring(meetings[:first])
    git(site, when(), "add", "-A")
    git(site, when(), "commit", "-q", "-m", "the site as it began")
    present = meetings[:first]
    for i in range(a.commits):
        day += datetime.timedelta(days=rng.choice([2, 3]), minutes=rng.randrange(600))
        merge = i % 25 == 24
        if merge:
            git(site, when(), "checkout", "-q", "-b", "side")
        new = rest[i * per:(i + 1) * per]
        bring(new)
        present += new
        for m in rng.sample(present, min(5, len(present))):
            with open(m, "a", encoding="utf-8") as f:
                f.write(f"\nDoplněno {day.date()}.\n")
        if i % 10 == 0:
            with open(rng.choice(groups), "a", encoding="utf-8") as f:
                f.write(f"\nAktualizováno {day.date()}.\n")
        git(site, when(), "add", "-A")
        git(site, when(), "commit", "-q", "-m", f"edit {i}")
        if merge:
            day += datetime.timedelta(hours=5)
            git(site, when(), "checkout", "-q", "main")
            git(site, when(), "merge", "-q", "--no-ff", "-m", f"merge {i}", "side")
            git(site, when(), "branch", "-q", "-d", "side")
    shutil.rmtree(held, ignore_errors=True)
    with open(os.path.join(site, "config.toml"), encoding="utf-8") as f:
        cfg = f.read()
    with open(os.path.join(site, "config-git.toml"), "w", encoding="utf-8") as f:
        f.write(cfg + "\n[build]\ngit_dates = true\n")
    print(f"{site}: {a.commits} commits ({a.commits // 25} merges), "
          f"{len(meetings)} meetings, last commit {day.date()}")


if __name__ == "__main__":
    main()
