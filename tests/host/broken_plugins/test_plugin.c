/*
 * One source for every test plugin: compile definitions pick the way it is broken, so
 * each refusal the host must detect is exercised by a real shared library.
 *
 *   TEST_DESCRIPTOR_NAME  the name the descriptor claims (default: TEST_FILE_NAME)
 *   TEST_KIND             PLINTH_KIND_STORAGE (default) or PLINTH_KIND_AUTH
 *   TEST_ABI_MAJOR        the ABI major it claims (default PLINTH_ABI_MAJOR)
 *   TEST_INIT_FAILS       init returns PLINTH_ERROR with a message
 *   TEST_NULL_DESCRIPTOR  init returns PLINTH_OK without setting *out
 *   TEST_VTABLE_SIZE      the vtable's struct_size (default: its real size)
 *   TEST_NO_ENTRY         the entry point is not exported at all
 */
#include <stdio.h>
#include <string.h>

#include "plinth/auth.h"
#include "plinth/storage.h"

#ifndef TEST_DESCRIPTOR_NAME
#define TEST_DESCRIPTOR_NAME TEST_FILE_NAME
#endif
#ifndef TEST_KIND
#define TEST_KIND PLINTH_KIND_STORAGE
#endif
#ifndef TEST_ABI_MAJOR
#define TEST_ABI_MAJOR PLINTH_ABI_MAJOR
#endif

/* --- a storage vtable whose functions do nothing: the loader never calls them --- */
static plinth_status st_open(const plinth_host_api *h, plinth_store **s, plinth_error *e) {
  (void)h; (void)e; *s = NULL; return PLINTH_OK;
}
static void st_close(plinth_store *s) { (void)s; }
static plinth_status st_snapshot_open(plinth_store *s, plinth_snapshot **o, plinth_error *e) {
  (void)s; (void)e; *o = NULL; return PLINTH_OK;
}
static void st_snapshot_close(plinth_snapshot *s) { (void)s; }
static plinth_status st_get(plinth_snapshot *s, plinth_bytes k, plinth_bytes *v, plinth_error *e) {
  (void)s; (void)k; (void)v; (void)e; return PLINTH_NOT_FOUND;
}
static plinth_status st_cursor_open(plinth_snapshot *s, plinth_cursor **c, plinth_error *e) {
  (void)s; (void)e; *c = NULL; return PLINTH_OK;
}
static plinth_status st_cursor_seek(plinth_cursor *c, plinth_bytes k, int32_t b, plinth_error *e) {
  (void)c; (void)k; (void)b; (void)e; return PLINTH_NOT_FOUND;
}
static plinth_status st_cursor_step(plinth_cursor *c, int32_t b, plinth_error *e) {
  (void)c; (void)b; (void)e; return PLINTH_NOT_FOUND;
}
static plinth_status st_cursor_current(plinth_cursor *c, plinth_bytes *k, plinth_bytes *v) {
  (void)c; (void)k; (void)v; return PLINTH_NOT_FOUND;
}
static void st_cursor_close(plinth_cursor *c) { (void)c; }
static plinth_status st_commit(plinth_store *s, const plinth_write *w, size_t n, plinth_error *e) {
  (void)s; (void)w; (void)n; (void)e; return PLINTH_OK;
}
static plinth_status st_estimate(plinth_store *s, plinth_bytes lo, plinth_bytes hi, uint64_t *k,
                                 uint64_t *b, plinth_error *e) {
  (void)s; (void)lo; (void)hi; (void)e; *k = 0; *b = 0; return PLINTH_OK;
}

static plinth_storage_v1 storage_vtable = {
    sizeof(plinth_storage_v1), st_open, st_close, st_snapshot_open, st_snapshot_close, st_get,
    st_cursor_open, st_cursor_seek, st_cursor_step, st_cursor_current, st_cursor_close,
    st_commit, st_estimate};

/* --- an auth vtable that accepts everyone --- */
static const char *const auth_methods[] = {"test-method", NULL};
static plinth_status au_start(const plinth_auth_info *i, void **s, plinth_auth_request *r,
                              plinth_error *e) {
  (void)i; (void)e; *s = NULL; r->kind = PLINTH_AUTH_OK; return PLINTH_OK;
}
static plinth_status au_step(void *s, plinth_bytes m, plinth_auth_request *r, plinth_error *e) {
  (void)s; (void)m; (void)e; r->kind = PLINTH_AUTH_OK; return PLINTH_OK;
}
static void au_finish(void *s) { (void)s; }
static plinth_status au_make_verifier(const char *m, const char *u, plinth_bytes p, char *o,
                                      size_t *l, plinth_error *e) {
  (void)m; (void)u; (void)p; (void)o; (void)l;
  plinth_error_set(e, "0A000", "no verifiers");
  return PLINTH_ERROR;
}
static plinth_auth_v1 auth_vtable = {sizeof(plinth_auth_v1), auth_methods, au_start, au_step,
                                     au_finish, au_make_verifier};

static plinth_plugin descriptor;

#ifdef TEST_NO_ENTRY
#define ENTRY_VISIBILITY static __attribute__((used))
#else
#define ENTRY_VISIBILITY PLINTH_EXPORT
#endif

ENTRY_VISIBILITY plinth_status plinth_plugin_init(const plinth_host_api *host,
                                                  const plinth_plugin **out, plinth_error *err) {
#ifdef TEST_INIT_FAILS
  (void)host; (void)out;
  (void)&descriptor; (void)&storage_vtable; (void)&auth_vtable; /* built, never handed out */
  plinth_error_set(err, "58030", "cannot open /nonexistent/store: No such file or directory");
  return PLINTH_ERROR;
#else
  (void)err;
  /* Exercise the host API: the test checks this line reaches the host's log. */
  const char *greeting = host->config_get(host->ctx, "greeting");
  char line[256];
  snprintf(line, sizeof line, "loaded with greeting=%s", greeting ? greeting : "(none)");
  host->log(host->ctx, PLINTH_LOG_INFO, line);

  storage_vtable.struct_size =
#ifdef TEST_VTABLE_SIZE
      TEST_VTABLE_SIZE;
  auth_vtable.struct_size = TEST_VTABLE_SIZE;
#else
      sizeof(plinth_storage_v1);
#endif
  descriptor.struct_size = sizeof descriptor;
  descriptor.abi_major = TEST_ABI_MAJOR;
  descriptor.abi_minor = 0;
  descriptor.kind = TEST_KIND;
  descriptor.name = TEST_DESCRIPTOR_NAME;
  descriptor.version = "0.0.1";
  descriptor.capabilities = 0;
  descriptor.vtable = TEST_KIND == PLINTH_KIND_AUTH ? (const void *)&auth_vtable
                                                    : (const void *)&storage_vtable;
#ifdef TEST_NULL_DESCRIPTOR
  (void)out;
#else
  *out = &descriptor;
#endif
  return PLINTH_OK;
#endif
}
