/*
 * plinth/plugin.h — the part of the Plinth plugin ABI shared by every plugin kind.
 *
 * Rules of the boundary (see docs/sdk.md):
 *  - C only: plain structs, fixed-width integers, (pointer, length) slices, opaque
 *    handles. No exception, C++ type or allocation crosses it.
 *  - Every struct starts with `uint32_t struct_size`. Members are only ever appended
 *    (minor version bump); the reader checks struct_size before touching a member
 *    that a newer minor version added. A breaking change bumps the major version and
 *    the host refuses plugins built against another major.
 *  - Whoever allocates frees. A buffer handed across stays valid until the point the
 *    function's comment names; the receiver copies what it keeps.
 *  - Errors are values: a plinth_status plus a caller-owned plinth_error the callee fills.
 */
#ifndef PLINTH_PLUGIN_H
#define PLINTH_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PLINTH_ABI_MAJOR 1 /* breaking changes */
#define PLINTH_ABI_MINOR 0 /* append-only additions */

#if defined(_WIN32)
#define PLINTH_EXPORT __declspec(dllexport)
#else
#define PLINTH_EXPORT __attribute__((visibility("default")))
#endif

/* A borrowed byte slice: the receiver never frees it. data may be NULL when len is 0. */
typedef struct plinth_bytes {
  const uint8_t *data;
  size_t len;
} plinth_bytes;

typedef int32_t plinth_status;
#define PLINTH_OK 0
#define PLINTH_NOT_FOUND 1 /* a lookup found nothing, or a cursor ran past the end */
#define PLINTH_ERROR (-1)  /* the plinth_error says what went wrong */

/* Caller-owned error. The callee fills it when it returns PLINTH_ERROR:
 * sqlstate is a NUL-terminated 5-character SQLSTATE (e.g. "58030"), message is a
 * NUL-terminated, possibly truncated, human-readable text. */
typedef struct plinth_error {
  uint32_t struct_size;
  char sqlstate[6];
  char message[512];
} plinth_error;

typedef enum plinth_log_level {
  PLINTH_LOG_DEBUG = 1,
  PLINTH_LOG_INFO = 2,
  PLINTH_LOG_WARNING = 3,
  PLINTH_LOG_ERROR = 4
} plinth_log_level;

typedef enum plinth_kind {
  PLINTH_KIND_AUTH = 1,
  PLINTH_KIND_STORAGE = 2,
  PLINTH_KIND_CATALOG = 3
} plinth_kind;

/* Services the host gives a plugin. One instance per loaded plugin, valid until the
 * plugin is unloaded. `ctx` is the host's and is passed back on every call. */
typedef struct plinth_host_api {
  uint32_t struct_size;
  uint16_t abi_major, abi_minor; /* the host's ABI version */
  void *ctx;
  /* Writes one line into the host's log; msg is copied. Never pass secrets. */
  void (*log)(void *ctx, int32_t level, const char *msg);
  /* A value of this plugin's own config table ([<plugin name>] in the TOML file, or
   * -c <plugin name>.<key>=<value>), rendered as text; NULL when absent. The string
   * stays valid until the plugin is unloaded. */
  const char *(*config_get)(void *ctx, const char *key);
  /* The server's data directory (absolute path, NUL-terminated), valid until unload. */
  const char *data_directory;
} plinth_host_api;

/* What a plugin is. Returned by the entry point; the plugin owns it, and it must stay
 * valid (typically a static) until the library is unloaded. */
typedef struct plinth_plugin {
  uint32_t struct_size;
  uint16_t abi_major, abi_minor; /* set to PLINTH_ABI_MAJOR/MINOR at build time */
  int32_t kind;                  /* a plinth_kind */
  const char *name;              /* e.g. "storage_lmdb" */
  const char *version;           /* the plugin's own version, e.g. "1.0.0" */
  uint64_t capabilities;         /* kind-specific flags, see the kind's header */
  const void *vtable;            /* plinth_storage_v1 *, plinth_auth_v1 *, plinth_catalog_v1 * */
} plinth_plugin;

/* The one exported symbol. The host calls it once after loading the library. On
 * success the plugin stores its descriptor in *out and returns PLINTH_OK; on failure
 * it fills *err and returns PLINTH_ERROR. The host checks abi_major, kind and struct
 * sizes before using anything else. */
#define PLINTH_PLUGIN_ENTRY_SYMBOL "plinth_plugin_init"
typedef plinth_status (*plinth_plugin_init_fn)(const plinth_host_api *host,
                                               const plinth_plugin **out,
                                               plinth_error *err);

/* Helper for plugin code: fill an error (truncates safely). */
static inline void plinth_error_set(plinth_error *err, const char *sqlstate, const char *message) {
  if (!err) return;
  size_t i = 0;
  for (; i < 5 && sqlstate && sqlstate[i]; i++) err->sqlstate[i] = sqlstate[i];
  err->sqlstate[i] = '\0';
  size_t j = 0;
  for (; j + 1 < sizeof err->message && message && message[j]; j++) err->message[j] = message[j];
  err->message[j] = '\0';
}

#ifdef __cplusplus
}
#endif
#endif /* PLINTH_PLUGIN_H */
