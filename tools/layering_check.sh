#!/usr/bin/env bash
# Checks the include rules of STYLE.md §1: each folder includes only the folders below it.
# Usage: tools/layering_check.sh <repo root>. Prints every violation; exit 1 if any.
set -u
root=${1:-.}
cd "$root" || exit 2
status=0
# folder -> allowed include prefixes (besides its own folder)
declare -A allowed=(
  [cse/model]=""
  [cse/random]="cse/model"
  [cse/codec]="cse/model"
  [storage]="cse/model"
  [storage/rocksdb]="storage cse/model"
  [resources]="cse/model cse/random cse/codec storage"
  [security/enrolment]="cse/model cse/codec"
  [security]="cse/model cse/random cse/codec storage resources"
  [security/escertke]="cse/model cse/random cse/codec storage resources security bindings/tls"
  [security/esdata]="cse/model cse/random cse/codec storage resources security bindings/tls"
  [security/mef_client]="cse/model cse/random cse/codec storage resources security"
  [cse/engine]="cse/model cse/random cse/codec storage resources security"
  [bindings/tls]="cse/model"
  [bindings/http]="cse/model cse/random cse/codec bindings/tls"
  [bindings/coap]="cse/model cse/random cse/codec bindings/tls"
  [bindings/mqtt]="cse/model cse/random cse/codec"
  [cse/app]="cse/model cse/random cse/codec storage storage/rocksdb resources security cse/engine bindings"
)
# The grep lines of files in `dir` itself, not in a sub-folder that has rules of its own (such as
# storage/rocksdb in storage, security/escertke in security).
own_files() {
  local lines
  lines=$(cat)
  for sub in "${!allowed[@]}"; do
    [[ $sub == "$1"/* ]] && lines=$(grep -v "^$sub/" <<<"$lines")
  done
  [ -z "$lines" ] || printf '%s\n' "$lines"
}
for dir in "${!allowed[@]}"; do
  [ -d "$dir" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$line")
    # storage/ must not reach into storage/rocksdb/
    if [ "$dir" = storage ] && [[ $inc == storage/rocksdb/* ]]; then
      echo "layering: $file includes $inc (only cse/app may name RocksDB)"; status=1; continue
    fi
    [[ $inc == "$dir"/* ]] && continue
    ok=0
    for prefix in ${allowed[$dir]}; do
      if [[ $inc == "$prefix"/* ]]; then
        # storage/rocksdb is below nothing but the assembly (cse/app)
        if [[ $inc == storage/rocksdb/* && $dir != cse/app ]]; then ok=0; else ok=1; fi
        break
      fi
    done
    if [ $ok -eq 0 ]; then
      echo "layering: $file includes $inc, which $dir may not depend on"; status=1
    fi
  done < <(grep -rn --include='*.h' --include='*.cpp' '#include "' "$dir" | own_files "$dir")
done
# security/mef_client (the MEF client, with its sockets) sits above security/: only the assembly
# (cse/app) and the tools reach it, never security/ itself or the engine and bindings.
if grep -rln '#include "security/mef_client/' --include='*.h' --include='*.cpp' \
     cse resources security bindings storage | grep -v '^security/mef_client/' | grep -v '^cse/app/'; then
  echo "layering: the files above include security/mef_client (only cse/app may)"; status=1
fi
# Only the assembly (cse/app) and storage/rocksdb name RocksDB.
if grep -rln 'rocksdb/' --include='*.h' --include='*.cpp' cse resources security bindings storage \
     | grep -v '^storage/rocksdb/' | grep -v '^cse/app/'; then
  echo "layering: the files above name RocksDB"; status=1
fi
# Scans go through resources::ResourceRepository (bounded, paged): nothing else opens an
# iterator, and only the repository knows the key layout (issue 14: a shared store).
if grep -rln 'newIterator(' --include='*.h' --include='*.cpp' cse resources security bindings \
     | grep -v '^resources/resource_repository\.cpp$'; then
  echo "layering: the files above open store iterators outside storage/ and the repository"
  status=1
fi
if grep -rln '#include "resources/key_layout.h"' --include='*.h' --include='*.cpp' \
     cse resources security bindings storage | grep -v '^resources/resource_repository\.cpp$'; then
  echo "layering: the files above read the key layout outside the repository"; status=1
fi
exit $status
