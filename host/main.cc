// plinth: the PostgreSQL-compatible server executable, a thin main over the host library.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <vector>
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

// --ephemeral: stops the server once the process that started it is gone (we are then
// re-parented). Polled rather than PR_SET_PDEATHSIG, which fires when the *thread* that
// forked us exits: a test runner that starts the server from a worker thread (JUnit,
// a Go goroutine's OS thread) would lose it while the suite still runs.
void StopWhenParentExits(plinth::Server* server, pid_t parent) {
  while (getppid() == parent) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  spdlog::info("parent process {} exited, shutting down", parent);
  server->Stop();
}

}  // namespace

int main(int argc, char** argv) {
  const pid_t parent = getppid();  // first thing, so a parent that dies early is still noticed
  if (argc > 1 && std::string(argv[1]) == "make-verifier") return plinth::MakeVerifierCommand(argc, argv);
  // --ephemeral: a throwaway server for test suites in any language. It takes a free
  // port and a temporary data directory (unless -p / -D say otherwise), prints its
  // connection URI on stdout, and exits when its parent process does.
  bool ephemeral = false;
  std::vector<const char*> args;
  for (int i = 0; i < argc; i++) {
    if (std::string(argv[i]) == "--ephemeral") ephemeral = true;
    else args.push_back(argv[i]);
  }
  std::string temp_dir;
  if (ephemeral) {
    bool has_dir = false, has_port = false;
    for (const char* a : args) {
      std::string s = a;
      has_dir |= s == "-D" || s.rfind("--data_directory", 0) == 0 || s.rfind("data_directory=", 0) == 0;
      has_port |= s == "-p" || s.rfind("--port", 0) == 0 || s.rfind("port=", 0) == 0;
    }
    if (!has_dir) {
      char tmpl[] = "/tmp/plinth-ephemeral-XXXXXX";
      if (!mkdtemp(tmpl)) {
        std::perror("plinth: mkdtemp");
        return 1;
      }
      temp_dir = tmpl;
      args.push_back("-D");
      args.push_back(temp_dir.c_str());
    }
    if (!has_port) {
      args.push_back("-p");
      args.push_back("0");
    }
  }
  auto config = plinth::Config::FromArgs(static_cast<int>(args.size()), args.data());
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
  if (ephemeral) std::thread(StopWhenParentExits, &server, parent).detach();
  spdlog::info("ready to accept connections");
  if (ephemeral) {
    std::printf("postgresql://postgres@127.0.0.1:%u/postgres\n", static_cast<unsigned>(server.port()));
    std::fflush(stdout);
  }
  server.Run();
  if (!temp_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir, ec);
  }
  return 0;
}
