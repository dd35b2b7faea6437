#!/usr/bin/env bash
# Creates a new domain plugin pair in this repository, in the portal's plugin
# shape (see docs/plugin-guide.md):
#   plugins/<id>-common    permissions and the API's generated types
#   plugins/<id>-backend   OpenAPI contract, store, service, router, tests
#   plugins/<id>           the page, its API client, tests
#
#   scripts/new-plugin-pair.sh <id>     e.g. scripts/new-plugin-pair.sh flags
#
# It runs the three `yarn new` templates, undoes the one thing `yarn new` does
# that this backend does not want (a backend.add line: the backend discovers
# every plugin in its package.json), links the packages, generates the typed
# contract and formats the new files.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plugin_id="${1:-}"
if ! [[ "$plugin_id" =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]]; then
  echo "Usage: scripts/new-plugin-pair.sh <id>  (lower-case letters, digits and dashes)" >&2
  exit 2
fi
cd "$repo"
source scripts/node-env.sh

packages=("plugins/$plugin_id-common" "plugins/$plugin_id-backend" "plugins/$plugin_id")
names=("@controlplane/plugin-$plugin_id-common" "@controlplane/plugin-$plugin_id-backend" "@controlplane/plugin-$plugin_id")
templates=(domain-common-library domain-backend-plugin domain-frontend-plugin)
for dir in "${packages[@]}"; do
  if [ -e "$dir" ]; then
    echo "$dir exists already; choose another plugin id" >&2
    exit 1
  fi
done

step() { printf '\n==> %s\n' "$*"; }

step "yarn install (for the CLI)"
yarn install

for index in 0 1 2; do
  step "yarn new --select ${templates[$index]} --option pluginId=$plugin_id"
  yarn new --select "${templates[$index]}" --option "pluginId=$plugin_id" \
    --skip-install </dev/null
  # `yarn new` exits 0 even when a template fails: check what it made.
  if [ ! -f "${packages[$index]}/package.json" ] ||
    [ "$(node -p "require('./${packages[$index]}/package.json').name")" != "${names[$index]}" ]; then
    echo "yarn new did not create ${names[$index]} in ${packages[$index]}" >&2
    exit 1
  fi
done

backend_index=packages/backend/src/index.ts
if grep -q "import('${names[1]}')" "$backend_index"; then
  step "Removing the backend.add line of ${names[1]} (the backend discovers plugins)"
  tmp="$(mktemp)"
  grep -v "import('${names[1]}')" "$backend_index" >"$tmp"
  cat "$tmp" >"$backend_index"
  rm -f "$tmp"
fi

step "yarn install (links the new packages)"
yarn install

step "yarn openapi:generate"
yarn openapi:generate

step "Formatting the new packages"
yarn prettier --write "${packages[@]}" >/dev/null

printf '\nCreated %s, %s and %s.\n' "${names[@]}"
echo "Next: rename the 'item' resource to yours, then yarn tsc and the packages' tests (docs/plugin-guide.md)."
