/*
 * plinth/storage.h — the storage plugin kind: one ordered, transactional key space.
 *
 * The engine maps every table and index onto a single ordered space of byte-string
 * keys (compared with memcmp, shorter first on a common prefix). A storage plugin
 * gives it consistent read views (snapshots with point gets and cursors) and atomic
 * write batches. Transactions, locking and MVCC are the engine's; the plugin only has
 * to make each batch all-or-nothing and each snapshot stable.
 *
 * Threads: one plinth_store is shared by every session thread. snapshot_open, commit
 * and estimate may be called concurrently from any threads. A snapshot and the cursors
 * opened on it are used by one thread at a time (not necessarily the one that opened
 * it). A commit is linearizable: a snapshot opened after commit returned sees the
 * batch; one opened before never does.
 */
#ifndef PLINTH_STORAGE_H
#define PLINTH_STORAGE_H

#include "plinth/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* plinth_plugin.capabilities for PLINTH_KIND_STORAGE */
#define PLINTH_STORAGE_CAP_PERSISTENT 0x1u /* data survives a restart */
#define PLINTH_STORAGE_CAP_DURABLE 0x2u    /* commit returns only once the batch is on disk */

typedef struct plinth_store plinth_store;       /* opaque, plugin-owned */
typedef struct plinth_snapshot plinth_snapshot; /* opaque, plugin-owned */
typedef struct plinth_cursor plinth_cursor;     /* opaque, plugin-owned */

typedef enum plinth_write_op {
  PLINTH_WRITE_PUT = 1,         /* key := value */
  PLINTH_WRITE_DELETE = 2,      /* remove key (no error if absent) */
  PLINTH_WRITE_DELETE_RANGE = 3 /* remove every key k with key <= k < end_key */
} plinth_write_op;

/* One write of a batch. All slices are borrowed for the duration of commit(). */
typedef struct plinth_write {
  uint32_t op; /* a plinth_write_op */
  plinth_bytes key;
  plinth_bytes value;   /* PUT only */
  plinth_bytes end_key; /* DELETE_RANGE only (exclusive) */
} plinth_write;

typedef struct plinth_storage_v1 {
  uint32_t struct_size;

  /* Opens the store described by this plugin's config (host->config_get) under
   * host->data_directory. A store that cannot be opened (locked by another process,
   * wrong format version, bad setting) fails with a message that says why and how
   * to fix it. */
  plinth_status (*open)(const plinth_host_api *host, plinth_store **out, plinth_error *err);
  /* Closes the store. Every snapshot must have been closed first. */
  void (*close)(plinth_store *store);

  /* A consistent read view of everything committed so far. */
  plinth_status (*snapshot_open)(plinth_store *store, plinth_snapshot **out, plinth_error *err);
  /* Closes the snapshot; its cursors must have been closed first. */
  void (*snapshot_close)(plinth_snapshot *snap);

  /* Point read. PLINTH_OK with *value set (plugin-owned, valid until snapshot_close),
   * or PLINTH_NOT_FOUND. */
  plinth_status (*get)(plinth_snapshot *snap, plinth_bytes key, plinth_bytes *value,
                       plinth_error *err);

  /* A cursor starts unpositioned; seek positions it. */
  plinth_status (*cursor_open)(plinth_snapshot *snap, plinth_cursor **out, plinth_error *err);
  /* backward == 0: first key >= key. backward != 0: last key <= key.
   * PLINTH_NOT_FOUND when there is no such key (the cursor is then unpositioned). */
  plinth_status (*cursor_seek)(plinth_cursor *cur, plinth_bytes key, int32_t backward,
                               plinth_error *err);
  /* Moves to the next (backward == 0) or previous key. PLINTH_NOT_FOUND past the end
   * (the cursor is then unpositioned). Stepping an unpositioned cursor is NOT_FOUND. */
  plinth_status (*cursor_step)(plinth_cursor *cur, int32_t backward, plinth_error *err);
  /* The current entry; both slices plugin-owned, valid until snapshot_close.
   * PLINTH_NOT_FOUND when unpositioned. */
  plinth_status (*cursor_current)(plinth_cursor *cur, plinth_bytes *key, plinth_bytes *value);
  void (*cursor_close)(plinth_cursor *cur);

  /* Applies the writes in order as one atomic batch: all of it becomes visible at
   * once, or (PLINTH_ERROR) none of it. With PLINTH_STORAGE_CAP_DURABLE the batch is
   * on stable storage before PLINTH_OK is returned. */
  plinth_status (*commit)(plinth_store *store, const plinth_write *writes, size_t n,
                          plinth_error *err);

  /* Approximate number of keys and bytes (keys + values) in [lo, hi). An empty hi
   * means "to the end". For the planner and pg_relation_size(); may be coarse. */
  plinth_status (*estimate)(plinth_store *store, plinth_bytes lo, plinth_bytes hi,
                            uint64_t *keys, uint64_t *bytes, plinth_error *err);
} plinth_storage_v1;

#ifdef __cplusplus
}
#endif
#endif /* PLINTH_STORAGE_H */
