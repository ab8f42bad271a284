#!/bin/bash
# setup-images.sh: load N small images with distinct ids into an engine,
# for bench-images.
#
#   bench/setup-images.sh [--remove] [COUNT]
#
# The engine is the one DOCKER_HOST names (a unix:// URI; default
# unix:///var/run/docker.sock). COUNT defaults to 2000. Every image shares
# one tiny layer but has its own config (a label and a created time), so
# the engine lists COUNT distinct image ids, each tagged
# dh-bench/img-NNNN:latest. They arrive in one `docker load` tarball
# (POST /images/load); 2,000 take about a minute on a 2-core machine, most
# of it in the engine. --remove deletes them again.
#
# Copyright 2026 The Dockhand Authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -euo pipefail

prog=${0##*/}
die () { echo "$prog: $*" >&2; exit 1; }

remove=0
if [[ ${1:-} == --remove ]]; then
  remove=1
  shift
fi
count=${1:-2000}
[[ $count =~ ^[1-9][0-9]*$ ]] || die "COUNT must be a positive integer, got '$count'"

host=${DOCKER_HOST:-unix:///var/run/docker.sock}
[[ $host == unix://* ]] || die "DOCKER_HOST must be a unix:// address, got '$host'"
socket=${host#unix://}
[[ -S $socket ]] || die "no engine socket at $socket (is the engine running?)"

# Talks to the engine directly so that only curl is needed.
api () {
  curl --silent --show-error --fail --unix-socket "$socket" "$@"
}

if [[ $remove == 1 ]]; then
  ids=$(api 'http://localhost/images/json?filters=%7B%22label%22%3A%5B%22io.github.dockhand.bench%22%5D%7D' |
        grep -o '"Id":"sha256:[0-9a-f]*"' | cut -d'"' -f4)
  n=0
  for id in $ids; do
    api -X DELETE "http://localhost/images/$id?force=true" >/dev/null
    n=$((n + 1))
  done
  echo "$prog: removed $n bench images" >&2
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dh-bench-images.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/rootfs/data" "$work/archive/layer"
printf 'Dockhand benchmark image\n' > "$work/rootfs/data/hello"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    -cf "$work/archive/layer/layer.tar" -C "$work/rootfs" .
diff_id=sha256:$(sha256sum "$work/archive/layer/layer.tar" | cut -d' ' -f1)

# One config per image: distinct bytes, so distinct image ids.
base=1700000000
{
  printf '['
  for ((i = 0; i < count; i++)); do
    name=$(printf 'img-%04d' "$i")
    created=$(date -u -d "@$((base + i))" +%Y-%m-%dT%H:%M:%SZ)
    config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"$created\",\"config\":{\"Cmd\":[\"/data/hello\"],\"Labels\":{\"io.github.dockhand.bench\":\"$i\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"$diff_id\"]},\"history\":[{\"created\":\"$created\",\"created_by\":\"COPY hello /data/\"}]}"
    printf '%s' "$config" > "$work/archive/$name.json"
    ((i > 0)) && printf ','
    printf '{"Config":"%s.json","RepoTags":["dh-bench/%s:latest"],"Layers":["layer/layer.tar"]}' "$name" "$name"
  done
  printf ']'
} > "$work/archive/manifest.json"

tar -cf "$work/images.tar" -C "$work/archive" .
api -X POST -H 'Content-Type: application/x-tar' --data-binary "@$work/images.tar" \
    'http://localhost/images/load?quiet=1' >/dev/null

# Podman lists the names fully qualified (localhost/dh-bench/…).
listed=$(api 'http://localhost/images/json' | { grep -o 'dh-bench/img-[0-9]*:latest"' || true; } | sort -u | wc -l)
echo "$prog: loaded $count images into $host; the engine lists $listed of them" >&2
