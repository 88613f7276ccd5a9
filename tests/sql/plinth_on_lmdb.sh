#!/usr/bin/env bash
# Starts the Plinth binary named by $PLINTH_REAL on storage_lmdb instead of the default
# store, so the golden suite can run unchanged against both plugins (config only).
exec "$PLINTH_REAL" "$@" -c plugins.storage=storage_lmdb
