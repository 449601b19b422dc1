#!/usr/bin/env bash
# Lints the hand-written OpenAPI documents with Redocly CLI (version pinned in
# tools/lint/package.json and package-lock.json): every specs/<api>/openapi.* whose
# SOURCE.md declares it **hand-written** (vendor documents are verbatim and only
# checked by apigen, since their text is not ours to fix).
# Run from the repository root: bash tools/lint/run.sh
# Exits non-zero on any lint error or warning.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

lint_dir=tools/lint
specs=()
for source in specs/*/SOURCE.md; do
  if grep -q '\*\*hand-written\*\*' "$source"; then
    for spec in "$(dirname "$source")"/openapi.{json,yaml,yml}; do
      [ -f "$spec" ] && specs+=("$spec")
    done
  fi
done
if [ "${#specs[@]}" -eq 0 ]; then
  echo "spec lint: no hand-written spec found (SOURCE.md saying **hand-written**)" >&2
  exit 1
fi
echo "spec lint: ${specs[*]}" >&2

if [ ! -x "$lint_dir/node_modules/.bin/redocly" ]; then
  npm ci --prefix "$lint_dir" --no-audit --no-fund
fi

# No usage data is sent and no update check is made.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true

report="$(mktemp)"
trap 'rm -f "$report"' EXIT

status=0
"$lint_dir/node_modules/.bin/redocly" lint \
  --config "$lint_dir/redocly.yaml" \
  --lint-config error \
  --format stylish \
  --max-problems 1000 \
  "${specs[@]}" >"$report" || status=$?
cat "$report"

# redocly exits 0 when only warnings are found; treat them as failures too.
if grep -Eq '^[[:space:]]+[0-9]+:[0-9]+[[:space:]]+(warning|error)[[:space:]]' "$report"; then
  [ "$status" -ne 0 ] || status=1
fi

if [ "$status" -ne 0 ]; then
  echo "spec lint: FAILED" >&2
else
  echo "spec lint: OK (no errors, no warnings)" >&2
fi
exit "$status"
