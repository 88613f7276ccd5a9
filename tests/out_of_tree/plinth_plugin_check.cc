// plinth_plugin_check <dir> <kind> <name> [user]
//
// Loads one plugin with the server's own loader (PluginHost) and reports what it found,
// or the loader's refusal. For an auth plugin it also runs a login attempt for `user`
// (default "plinth_check") with the plugin's first method, so the plugin's own code
// runs. Exit status: 0 loaded (and, for auth, the attempt completed), 1 refused or
// failed, 2 usage error.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "host/log/log.h"
#include "host/plugin/plugin_host.h"

namespace {

bool ParseKind(const std::string& text, plinth_kind* kind) {
  if (text == "auth") *kind = PLINTH_KIND_AUTH;
  else if (text == "storage") *kind = PLINTH_KIND_STORAGE;
  else if (text == "catalog") *kind = PLINTH_KIND_CATALOG;
  else return false;
  return true;
}

// Runs start() for `user` and reports the first request the plugin returns.
int TryLogin(const plinth::LoadedPlugin& plugin, const char* user) {
  const plinth_auth_v1* auth = plugin.auth();
  plinth_auth_info info{};
  info.struct_size = sizeof info;
  info.user = user;
  info.database = "postgres";
  info.client_addr = "127.0.0.1";
  info.method = auth->methods[0];
  info.lookup_verifier = [](void*, const char*, char*, size_t*) -> plinth_status {
    return PLINTH_NOT_FOUND;  // no role store here
  };
  void* state = nullptr;
  plinth_auth_request request{};
  request.struct_size = sizeof request;
  plinth_error err{};
  err.struct_size = sizeof err;
  if (auth->start(&info, &state, &request, &err) != PLINTH_OK) {
    std::fprintf(stderr, "login attempt failed: [%.5s] %.511s\n", err.sqlstate, err.message);
    return 1;
  }
  std::printf("login attempt for %s with %s: request kind %d%s\n", user, info.method,
              request.kind, request.kind == PLINTH_AUTH_OK ? " (ok)" : "");
  auth->finish(state);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  plinth_kind kind;
  if (argc < 4 || argc > 5 || !ParseKind(argv[2], &kind)) {
    std::fprintf(stderr, "usage: %s <plugin dir> <auth|storage|catalog> <name> [user]\n", argv[0]);
    return 2;
  }
  plinth::InitLogging("info");
  static const std::map<std::string, std::string> kNoConfig;
  plinth::PluginHost host(argv[1], "/nonexistent-data-directory",
                          [](const std::string&) -> const auto& { return kNoConfig; });
  auto loaded = host.Load(kind, argv[3]);
  if (!loaded.ok()) {
    std::fprintf(stderr, "refused: %s\n", loaded.status().message().c_str());
    return 1;
  }
  const plinth::LoadedPlugin& plugin = **loaded;
  std::printf("ok: %s plugin %s %s from %s\n", argv[2], plugin.name.c_str(),
              plugin.descriptor->version ? plugin.descriptor->version : "?", plugin.path.c_str());
  if (kind != PLINTH_KIND_AUTH) return 0;
  std::string methods;
  for (const char* const* m = plugin.auth()->methods; *m != nullptr; ++m) {
    methods += (methods.empty() ? "" : ", ") + std::string(*m);
  }
  std::printf("methods: %s\n", methods.c_str());
  return TryLogin(plugin, argc == 5 ? argv[4] : "plinth_check");
}
