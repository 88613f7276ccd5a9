// plinth: the PostgreSQL-compatible server executable, a thin main over the host library.
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "host/config/config.h"
#include "host/log/log.h"
#include "host/make_verifier.h"
#include "host/server/server.h"

namespace {

// Signals are waited for on a thread of their own (sigwait), so the handler is not a
// signal handler and may stop the server normally.
void WaitForShutdownSignal(plinth::Server* server) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
  server->Stop();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "make-verifier") return plinth::MakeVerifierCommand(argc, argv);
  auto config = plinth::Config::FromArgs(argc, argv);
  if (!config.ok()) {
    std::fprintf(stderr, "plinth: %s\n", config.status().message().c_str());
    return 2;
  }
  if (config->action() == plinth::Config::Action::Help) {
    std::fputs(config->HelpText().c_str(), stdout);
    return 0;
  }
  if (config->action() == plinth::Config::Action::Version) {
    std::puts("plinth (PostgreSQL 15 compatible) 0.1.0");
    return 0;
  }
  plinth::InitLogging(config->settings().log_min_messages);
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // inherited by every thread started below

  plinth::Server server(config.take());
  plinth::Status st = server.Open();
  if (!st.ok()) {
    spdlog::critical("{}", st.message());
    std::fprintf(stderr, "plinth: %s\n", st.message().c_str());
    return 1;
  }
  std::thread signals(WaitForShutdownSignal, &server);
  signals.detach();
  spdlog::info("ready to accept connections");
  server.Run();
  return 0;
}
