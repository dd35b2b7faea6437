#!/usr/bin/env bash
# Assembles a production deployment of the portal (backend serving the built
# frontend) into the given folder, the way Backstage's Dockerfile does:
#   scripts/package-backend.sh <target dir>
# then, in that folder, with the environment of README "Production":
#   NODE_ENV=production node --require ./packages/backend/instrumentation.js packages/backend --config app-config.yaml --config app-config.production.yaml
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/node-env.sh
target="${1:?Usage: scripts/package-backend.sh <target dir>}"

yarn install --immutable
yarn tsc
yarn build:all

mkdir -p "$target"
target="$(cd "$target" && pwd)"
cp -r package.json yarn.lock .yarnrc.yml .yarn "$target/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$target"
(cd "$target" && yarn workspaces focus --all --production)
tar xzf packages/backend/dist/bundle.tar.gz -C "$target"
cp app-config.yaml app-config.production.yaml catalog-info.yaml "$target/"
cp -r examples "$target/"
echo "Portal packaged in $target"
