#!/bin/sh
# Installs the yardstick's own packages (PouchDB, express-pouchdb) on first use, so that the root
# install stays light. Does nothing when they are installed and up to date with package-lock.json.
# Progress goes to stderr; stdout stays empty. Usage: sh bench/yardstick/ensure-installed.sh
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
stamp="$here/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ ! -d "$here/node_modules/express-pouchdb" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
  echo "bench/yardstick: installing PouchDB and express-pouchdb (npm ci, about 50 MB)..." >&2
  npm --prefix "$here" ci --no-audit --no-fund 1>&2
fi
