/*
 * auth_custom — an example third-party auth plugin, built out of tree against the
 * installed Plinth SDK. Its one method, "custom-trust", accepts every login (like
 * "trust") and logs who it let in. Use it in an hba rule:  method = "custom-trust".
 */
#include <stdio.h>

#include <plinth/auth.h>

/* The host API instance we were loaded with; valid until the library is unloaded. */
static const plinth_host_api *g_host;

static const char *const kMethods[] = {"custom-trust", NULL};

static plinth_status custom_start(const plinth_auth_info *info, void **state,
                                  plinth_auth_request *first, plinth_error *err) {
  (void)err;
  *state = NULL; /* nothing to remember between calls */
  char line[256];
  snprintf(line, sizeof line, "auth_custom accepted %s", info->user ? info->user : "(unknown)");
  g_host->log(g_host->ctx, PLINTH_LOG_INFO, line);
  first->kind = PLINTH_AUTH_OK;
  first->payload.data = NULL;
  first->payload.len = 0;
  return PLINTH_OK;
}

static plinth_status custom_step(void *state, plinth_bytes client_msg, plinth_auth_request *next,
                                 plinth_error *err) {
  /* start() already answered OK, so the host never sends client data here. */
  (void)state; (void)client_msg; (void)next;
  plinth_error_set(err, "08P01", "custom-trust expects no client message");
  return PLINTH_ERROR;
}

static void custom_finish(void *state) { (void)state; }

static plinth_status custom_make_verifier(const char *method, const char *user,
                                          plinth_bytes password, char *out, size_t *len,
                                          plinth_error *err) {
  (void)method; (void)user; (void)password; (void)out; (void)len;
  plinth_error_set(err, "0A000", "custom-trust stores no password verifiers");
  return PLINTH_ERROR;
}

static const plinth_auth_v1 kVtable = {
    sizeof(plinth_auth_v1), kMethods, custom_start, custom_step, custom_finish,
    custom_make_verifier};

static const plinth_plugin kDescriptor = {
    sizeof(plinth_plugin), PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR, PLINTH_KIND_AUTH,
    "auth_custom", "1.0.0", 0, &kVtable};

PLINTH_EXPORT plinth_status plinth_plugin_init(const plinth_host_api *host,
                                               const plinth_plugin **out, plinth_error *err) {
  if (host == NULL || host->struct_size < sizeof(plinth_host_api) ||
      host->abi_major != PLINTH_ABI_MAJOR) {
    plinth_error_set(err, "XX000", "auth_custom needs a Plinth host speaking plugin ABI 1.x");
    return PLINTH_ERROR;
  }
  g_host = host;
  *out = &kDescriptor;
  return PLINTH_OK;
}
