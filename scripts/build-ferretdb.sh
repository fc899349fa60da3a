#!/usr/bin/env bash
# Builds FerretDB v1.24.2 from the Go module proxy into a cache directory, once.
#
# Usage: scripts/build-ferretdb.sh OUTPUT_BINARY
#
# Why not a plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`:
#  - FerretDB embeds build/version/version.txt at compile time; the module zip on the proxy
#    does not contain it, so a `go install`ed binary panics at start ("Invalid
#    build/version/version.txt file content").
#  - `go install pkg@version` also asks the proxy for the module's version list (to check
#    deprecation), which some proxies refuse with 403.
# So we pin the exact version in a throwaway module, vendor it, write version.txt into the
# vendored package and build from there. The result is the same upstream code at v1.24.2.
set -euo pipefail

FERRETDB_VERSION="v1.24.2"
out="${1:?usage: build-ferretdb.sh OUTPUT_BINARY}"

if [ -x "$out" ]; then
  echo "ferretdb ${FERRETDB_VERSION} already built at $out"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is not on PATH; install Go >= 1.24 (https://go.dev/dl/) to build FerretDB, or set MONGODB_URI" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init ferretdb-build >/dev/null 2>&1
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/FerretDB/FerretDB/cmd/ferretdb"
GO
echo "building ferretdb ${FERRETDB_VERSION} (first time only, takes 1-3 minutes)..."
GOFLAGS=-mod=mod go get "github.com/FerretDB/FerretDB@${FERRETDB_VERSION}" >/dev/null
GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || true
go mod vendor
echo "${FERRETDB_VERSION}" > vendor/github.com/FerretDB/FerretDB/build/version/version.txt
mkdir -p "$(dirname "$out")"
# Build next to the target and rename, so a concurrent reader never sees a half-written binary.
go build -mod=vendor -trimpath -o "$out.partial.$$" github.com/FerretDB/FerretDB/cmd/ferretdb
mv -f "$out.partial.$$" "$out"
"$out" --version | sed -n 1p
