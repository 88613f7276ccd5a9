#!/usr/bin/env bash
# Installs the Debian 12 packages Plinth needs to build and test, only when missing.
# Idempotent and quiet; `make run` and `make test` call it first.
set -eu
packages=(
  build-essential cmake pkg-config
  libboost-dev libboost-system-dev libboost-filesystem-dev
  liblmdb-dev libspdlog-dev libtoml11-dev libsodium-dev libssl-dev
  libpg-query-dev libprotobuf-c-dev libgtest-dev
  libhowardhinnant-date-dev nlohmann-json3-dev libpcre2-dev libicu-dev
  postgresql-client libpq-dev
)
if [[ ${1:-} == --test ]]; then
  # The reference server for golden files and benchmarks, and the real-client suites.
  # (Java, Go, Node.js and the npm `pg` package: tests/clients/install-deps.sh, which
  # accepts any installed node/npm/javac instead of insisting on Debian's packages.)
  packages+=(postgresql postgresql-contrib python3-psycopg2 python3-psycopg)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [[ $(id -u) != 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [[ ${1:-} == --test ]]; then
  bash "$(dirname "$0")/../tests/clients/install-deps.sh"
fi
