/*
 * plinth/catalog.h — the catalog plugin kind: system relations and functions computed
 * from the host's catalog (pg_catalog.*, information_schema.*, version(), ...).
 *
 * The host's catalog is the truth. It is exposed to the plugin through a reader whose
 * scan() produces the rows of a few host relations (documented in docs/sdk.md:
 * "plinth_tables", "plinth_columns", "plinth_indexes", "plinth_constraints",
 * "plinth_types", "plinth_roles", "plinth_settings", "plinth_sessions", ...). The
 * plugin contributes relations that the engine plans like any table, and scalar
 * functions. Every value crosses as PostgreSQL text format; data == NULL is SQL NULL.
 */
#ifndef PLINTH_CATALOG_H
#define PLINTH_CATALOG_H

#include "plinth/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Receives rows. Values are borrowed for the duration of the call. Returning anything
 * but PLINTH_OK stops the scan, which then returns that status. */
typedef struct plinth_row_sink {
  void *ctx;
  plinth_status (*row)(void *ctx, const plinth_bytes *values, size_t n);
} plinth_row_sink;

/* The host's side: valid only during the call it is passed to. */
typedef struct plinth_catalog_reader {
  uint32_t struct_size;
  void *ctx;
  /* Produces the rows of a host relation (see docs/sdk.md for names and columns). */
  plinth_status (*scan)(void *ctx, const char *host_relation, plinth_row_sink *sink,
                        plinth_error *err);
  /* The current session's value of a setting (e.g. "search_path"), NULL if unknown;
   * valid during the call. */
  const char *(*setting)(void *ctx, const char *name);
} plinth_catalog_reader;

typedef struct plinth_catalog_column {
  uint32_t struct_size;
  const char *name;
  uint32_t type_oid;
  int32_t typmod; /* -1 when none */
} plinth_catalog_column;

typedef struct plinth_catalog_relation {
  uint32_t struct_size;
  uint32_t oid;       /* PostgreSQL's OID for the relation where it has one */
  const char *schema; /* "pg_catalog" or "information_schema" */
  const char *name;
  const plinth_catalog_column *columns;
  size_t n_columns;
} plinth_catalog_relation;

typedef struct plinth_catalog_function {
  uint32_t struct_size;
  const char *schema;
  const char *name;
  uint32_t oid;
  const uint32_t *arg_types;
  size_t n_args;
  uint32_t result_type;
  /* 1 when a NULL argument gives a NULL result without calling `call` */
  int32_t strict;
  /* Computes the result. *result is plugin-owned, valid until the next call of any
   * function of this plugin on the same thread; data == NULL means SQL NULL. */
  plinth_status (*call)(const plinth_catalog_reader *reader, const plinth_bytes *args,
                        size_t n_args, plinth_bytes *result, plinth_error *err);
} plinth_catalog_function;

typedef struct plinth_catalog_v1 {
  uint32_t struct_size;
  const plinth_catalog_relation *relations;
  size_t n_relations;
  /* Produces the rows of relations[index] into sink. */
  plinth_status (*scan)(size_t index, const plinth_catalog_reader *reader, plinth_row_sink *sink,
                        plinth_error *err);
  const plinth_catalog_function *functions;
  size_t n_functions;
} plinth_catalog_v1;

#ifdef __cplusplus
}
#endif
#endif /* PLINTH_CATALOG_H */
