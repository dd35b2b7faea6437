#!/usr/bin/env bash
# Shows that the `yarn new` templates of a domain pair (templates/, see
# docs/plugin-guide.md) create packages that type-check, lint and pass their
# tests, on SQLite and PostgreSQL. Nothing in this working tree changes: it all
# happens in a temporary clone, removed at the end.
#
#   scripts/try-plugin-template.sh [--working-tree] [--keep] [pluginId]
#
#   pluginId        the id of the pair to create (default: widgets)
#   --working-tree  copy this working tree (uncommitted and untracked files
#                   too) instead of HEAD, e.g. to try templates before
#                   committing them
#   --keep          leave the temporary copy in place and print where it is
#
# In the copy it runs what a plugin author runs: `yarn install`, `yarn new`
# for the three templates (non-interactive, --skip-install), `yarn install`,
# `yarn openapi:generate`, `yarn prettier --write` on the new packages, then
# `yarn tsc` (only errors in the new packages count; others are reported as a
# note), lint (no warnings) and `yarn openapi:verify`, and their tests.
# PostgreSQL: $PORTAL_TEST_POSTGRES_URL (default
# postgresql://postgres@127.0.0.1:5432) must accept connections.
# Not part of CI. Exits non-zero on any failure.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plugin_id=widgets
from=head
keep=
for arg in "$@"; do
  case "$arg" in
    --working-tree) from=working-tree ;;
    --keep) keep=1 ;;
    -h | --help)
      sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*)
      echo "Unknown option $arg" >&2
      exit 2
      ;;
    *) plugin_id="$arg" ;;
  esac
done
if ! [[ "$plugin_id" =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]]; then
  echo "Plugin ids are lower-case letters, digits and dashes: $plugin_id" >&2
  exit 2
fi

# Node 22 and the repository's yarn (the shim lives in the ignored .tools/).
# shellcheck source=scripts/node-env.sh
source "$repo/scripts/node-env.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/try-plugin-template.XXXXXX")"
copy="$work/repo"
cleanup() {
  local status=$?
  if [ -n "$keep" ]; then
    echo "The copy is kept at $copy"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }
fail() {
  printf '\nFAILED: %s\n' "$*" >&2
  exit 1
}

step "Copying the repository ($from) to $copy"
git clone --quiet --no-hardlinks "$repo" "$copy"
git -C "$copy" checkout --quiet --detach "$(git -C "$repo" rev-parse HEAD)"
if [ "$from" = working-tree ]; then
  # Every file git would see (tracked and untracked, not ignored), as it is
  # in the working tree; tracked files deleted there are deleted here too.
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard |
    tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) |
    (cd "$copy" && tar -xf -)
  (cd "$repo" && git ls-files -z --deleted) |
    (cd "$copy" && xargs -0 --no-run-if-empty rm -f --)
fi
cd "$copy"

packages=("plugins/$plugin_id-common" "plugins/$plugin_id-backend" "plugins/$plugin_id")
names=("@controlplane/plugin-$plugin_id-common" "@controlplane/plugin-$plugin_id-backend" "@controlplane/plugin-$plugin_id")
for dir in "${packages[@]}"; do
  [ ! -e "$dir" ] || fail "$dir exists already; choose another plugin id"
done

# `yarn new` runs the Backstage CLI, so the copy needs its dependencies first.
step "scripts/new-plugin-pair.sh $plugin_id"
scripts/new-plugin-pair.sh "$plugin_id"
for file in "${packages[0]}/src/generated/openapi.ts" \
  "${packages[0]}/src/generated/index.ts" \
  "${packages[1]}/src/schema/openapi/generated/router.ts"; do
  [ -f "$file" ] || fail "yarn openapi:generate did not write $file"
done
! grep -q "import('${names[1]}')" packages/backend/src/index.ts ||
  fail "the backend.add line of ${names[1]} is still in packages/backend/src/index.ts"

step "yarn tsc"
set +e
yarn tsc --pretty false >"$work/tsc.log" 2>&1
tsc_status=$?
set -e
new_pattern="^(plugins/$plugin_id|plugins/$plugin_id-backend|plugins/$plugin_id-common)/"
if grep -E "$new_pattern" "$work/tsc.log"; then
  fail "type errors in the new packages (above)"
fi
if [ "$tsc_status" -ne 0 ]; then
  others="$(grep -E '^[^ ].*\([0-9]+,[0-9]+\): error' "$work/tsc.log" | cut -d'(' -f1 | sort -u || true)"
  if [ -z "$others" ]; then
    cat "$work/tsc.log"
    fail "yarn tsc failed without naming a file"
  fi
  echo "The new packages type-check. NOTE: the rest of the tree has type errors (not from the new packages):"
  echo "$others" | sed 's/^/  /'
else
  echo "No type errors."
fi

for name in "${names[@]}"; do
  step "Lint $name"
  yarn workspace "$name" lint --max-warnings 0
done

step "The generated OpenAPI code is current (yarn openapi:verify)"
yarn openapi:verify

export CI=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${PORTAL_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
export BACKSTAGE_TEST_DISABLE_DOCKER=1
# A PostgreSQL that cannot be reached fails the tests instead of skipping it.
export PORTAL_REQUIRE_POSTGRES=1
for name in "${names[@]}"; do
  case "$name" in
    *-backend) step "Tests of $name (SQLite and PostgreSQL)" ;;
    *) step "Tests of $name" ;;
  esac
  yarn workspace "$name" test
done

printf '\nOK: yarn new created %s, %s and %s; they type-check, lint and pass their tests.\n' \
  "${names[@]}"
