/*
 * plinth/auth.h — the authentication plugin kind: a method as a message state machine.
 *
 * The host owns the wire framing, the hba rules and the role store; the plugin owns the
 * method. start() returns the first request to send to the client; each client answer
 * (PasswordMessage, SASLInitialResponse, SASLResponse bodies) is passed to step(),
 * which returns the next request, until OK or FAIL.
 *
 * Verifiers are stored as PostgreSQL stores them, never plaintext:
 *   "SCRAM-SHA-256$<iterations>:<salt b64>$<StoredKey b64>:<ServerKey b64>"  or  "md5<32 hex>".
 */
#ifndef PLINTH_AUTH_H
#define PLINTH_AUTH_H

#include "plinth/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum plinth_auth_kind {
  PLINTH_AUTH_OK = 0,            /* authenticated: the host sends AuthenticationOk */
  PLINTH_AUTH_CLEARTEXT = 1,     /* AuthenticationCleartextPassword */
  PLINTH_AUTH_MD5 = 2,           /* AuthenticationMD5Password with md5_salt */
  PLINTH_AUTH_SASL = 3,          /* AuthenticationSASL; payload = mechanism names, each NUL-terminated */
  PLINTH_AUTH_SASL_CONTINUE = 4, /* AuthenticationSASLContinue; payload = server-first-message */
  PLINTH_AUTH_SASL_FINAL = 5,    /* AuthenticationSASLFinal (payload), the host then sends Ok */
  PLINTH_AUTH_FAIL = 6           /* refuse: the host sends an ErrorResponse from `error` */
} plinth_auth_kind;

/* Filled by the plugin. payload is plugin-owned and valid until the next call with the
 * same state (step or finish). */
typedef struct plinth_auth_request {
  uint32_t struct_size;
  int32_t kind; /* a plinth_auth_kind */
  uint8_t md5_salt[4];
  plinth_bytes payload;
  plinth_error error; /* for PLINTH_AUTH_FAIL: SQLSTATE (28P01, 28000, 08P01...) + message */
} plinth_auth_request;

/* What the host knows about the connection. Strings are host-owned and valid until
 * finish(). */
typedef struct plinth_auth_info {
  uint32_t struct_size;
  const char *user;
  const char *database;
  const char *client_addr;         /* "127.0.0.1", "::1", or "local" */
  const char *method;              /* the hba method chosen, one of the plugin's methods */
  plinth_bytes tls_endpoint_hash;  /* tls-server-end-point data for SCRAM-SHA-256-PLUS; empty without TLS */
  /* Copies the stored verifier of `user` into buf (NUL-terminated; *len in: buffer
   * size, out: length without the NUL). PLINTH_NOT_FOUND when the role does not exist
   * or has no password; PLINTH_ERROR when buf is too small (*len then holds the size
   * needed). */
  plinth_status (*lookup_verifier)(void *ctx, const char *user, char *buf, size_t *len);
  void *ctx;
} plinth_auth_info;

typedef struct plinth_auth_v1 {
  uint32_t struct_size;
  /* The hba method names this plugin implements, NULL-terminated:
   * e.g. {"scram-sha-256", "md5", "password", NULL}. */
  const char *const *methods;

  /* Starts an exchange for info->method. *state is plugin-owned until finish(). */
  plinth_status (*start)(const plinth_auth_info *info, void **state, plinth_auth_request *first,
                         plinth_error *err);
  /* Feeds the client's answer (the message body without type byte and length). */
  plinth_status (*step)(void *state, plinth_bytes client_msg, plinth_auth_request *next,
                        plinth_error *err);
  /* Releases the state; always called once after a successful start(). */
  void (*finish)(void *state);
  /* Turns a password into a stored verifier for `method` ("scram-sha-256" or "md5";
   * md5 needs the user name, passed in `user`). Writes a NUL-terminated string into
   * out (*len in: size, out: length). PLINTH_ERROR if the method has no verifier or
   * the buffer is too small. */
  plinth_status (*make_verifier)(const char *method, const char *user, plinth_bytes password,
                                 char *out, size_t *len, plinth_error *err);
} plinth_auth_v1;

#ifdef __cplusplus
}
#endif
#endif /* PLINTH_AUTH_H */
