#include "host/make_verifier.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "host/log/log.h"
#include "host/plugin/plugin_host.h"
#include "host/server/verifier.h"

namespace plinth {

int MakeVerifierCommand(int argc, char** argv) {
  std::string method = argc > 2 ? argv[2] : "scram-sha-256";
  std::string user = argc > 3 ? argv[3] : "";
  if (method != "scram-sha-256" && method != "md5") {
    std::fprintf(stderr, "plinth make-verifier: method must be scram-sha-256 or md5, not \"%s\"\n", method.c_str());
    return 2;
  }
  if (method == "md5" && user.empty()) {
    std::fprintf(stderr, "plinth make-verifier: md5 verifiers need the user name: plinth make-verifier md5 USER\n");
    return 2;
  }
  InitLogging("warning");
  static const std::map<std::string, std::string> kEmpty;
  PluginHost plugins("", "/tmp", [](const std::string&) -> const std::map<std::string, std::string>& { return kEmpty; });
  auto plugin = plugins.Load(PLINTH_KIND_AUTH, "auth_scram");
  if (!plugin.ok()) {
    std::fprintf(stderr, "plinth make-verifier: %s\n", plugin.status().message().c_str());
    return 1;
  }
  if (isatty(STDIN_FILENO)) std::fprintf(stderr, "Password: ");
  std::string password;
  std::getline(std::cin, password);
  if (password.empty()) {
    std::fprintf(stderr, "plinth make-verifier: empty password\n");
    return 2;
  }
  auto v = MakeVerifier(*(*plugin)->auth(), method, user, password);
  if (!v.ok()) {
    std::fprintf(stderr, "plinth make-verifier: %s\n", v.status().message().c_str());
    return 1;
  }
  std::printf("%s\n", v->c_str());
  return 0;
}

}  // namespace plinth
