// Use case 3: a lightweight PostgreSQL replacement for a small deployment — one
// program, a persistent database directory, SCRAM-SHA-256 passwords and a connection
// limit, served to psql, pgAdmin, DBeaver or any driver.
//
//   lightweight_server --data DIR [--port N] [--max-connections N]
//       serves until SIGINT/SIGTERM; the role "app" logs in with $PLINTH_APP_PASSWORD.
//   lightweight_server --self-check
//       starts on a free port with an in-memory database, checks as a client that the
//       password and the connection limit are enforced, and exits (0 = all good).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <plinth/embedded.h>
#include <plinth/embedded_server.h>

#include "../common/pq.h"

namespace {

struct Options {
  std::string data_directory;
  int port = 5432;
  int max_connections = 20;
  bool self_check = false;
};

bool ParseOptions(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--self-check") o->self_check = true;
    else if (arg == "--data" && has_value) o->data_directory = argv[++i];
    else if (arg == "--port" && has_value) o->port = std::atoi(argv[++i]);
    else if (arg == "--max-connections" && has_value) o->max_connections = std::atoi(argv[++i]);
    else return false;
  }
  return o->self_check || !o->data_directory.empty();
}

plinth::EmbeddedServer BuildServer(const plinth::EmbeddedDatabase& db, int port, int max_connections,
                                   const std::string& password) {
  return plinth::ServerBuilder()
      .address("127.0.0.1")
      .port(static_cast<uint16_t>(port))
      .auth_method(plinth::AuthMethod::ScramSha256)
      .role("app", password, /*superuser=*/true)
      .max_connections(max_connections)
      .build(db);
}

int failures = 0;
void Check(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) failures++;
}

std::string Conninfo(const plinth::EmbeddedServer& server, const std::string& user, const std::string& password) {
  return "host=127.0.0.1 port=" + std::to_string(server.port()) + " dbname=postgres user=" + user +
         " password='" + password + "' connect_timeout=5";  // quoted: passwords may have spaces
}

// Returns libpq's message when connecting fails, "" when it succeeds.
std::string LoginError(const std::string& conninfo) {
  try {
    pq::Connection c(conninfo);
    return "";
  } catch (const pq::Error& e) {
    return e.what();
  }
}

int SelfCheck() {
  const int kLimit = 3;
  auto db = plinth::EmbeddedDatabase::open_in_memory();
  db.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
  auto server = BuildServer(db, 0, kLimit, "correct horse");
  server.start();
  std::printf("listening on port %u, SCRAM-SHA-256, max_connections %d\n", server.port(), kLimit);

  Check(LoginError(Conninfo(server, "app", "correct horse")).empty(), "app logs in with its password");
  std::string wrong = LoginError(Conninfo(server, "app", "battery staple"));
  Check(wrong.find("password authentication failed") != std::string::npos,
        "a wrong password is refused (" + wrong.substr(0, wrong.find('\n')) + ")");
  Check(!LoginError(Conninfo(server, "postgres", "")).empty(), "a role without a password cannot log in");

  std::vector<std::unique_ptr<pq::Connection>> held;
  for (int i = 0; i < kLimit; i++) held.push_back(std::make_unique<pq::Connection>(Conninfo(server, "app", "correct horse")));
  std::string over = LoginError(Conninfo(server, "app", "correct horse"));
  Check(over.find("too many clients") != std::string::npos,
        "connection " + std::to_string(kLimit + 1) + " is refused (" + over.substr(0, over.find('\n')) + ")");
  held.back()->query("INSERT INTO notes VALUES (1, 'written by a client')");
  held.pop_back();
  // The freed slot is usable again once the server has seen the disconnect.
  std::string again = "not tried";
  for (int attempt = 0; attempt < 50 && !again.empty(); attempt++) {
    again = LoginError(Conninfo(server, "app", "correct horse"));
    if (!again.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Check(again.empty(), "a freed connection slot can be used again");
  Check(db.execute("SELECT body FROM notes WHERE id = 1")[0]["body"].text() == "written by a client",
        "the application sees what a client wrote");
  server.stop();
  std::printf("%s\n", failures ? "FAILED" : "PASSED");
  return failures ? 1 : 0;
}

int Serve(const Options& o) {
  const char* password = std::getenv("PLINTH_APP_PASSWORD");
  if (!password || !*password) {
    std::fprintf(stderr, "set PLINTH_APP_PASSWORD to the password of the role \"app\"\n");
    return 2;
  }
  // Signals are taken on a thread of our own, which stops the server normally.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto db = plinth::EmbeddedDatabase::open(o.data_directory);
  auto server = BuildServer(db, o.port, o.max_connections, password);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  std::printf("serving %s on port %d (Ctrl-C stops)\n", o.data_directory.c_str(), o.port);
  std::fflush(stdout);
  try {
    server.serve();
  } catch (...) {
    pthread_kill(stopper.native_handle(), SIGTERM);  // let the stopper thread end
    stopper.join();
    throw;
  }
  stopper.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fprintf(stderr, "usage: %s --data DIR [--port N] [--max-connections N] | --self-check\n", argv[0]);
    return 2;
  }
  try {
    return options.self_check ? SelfCheck() : Serve(options);
  } catch (const plinth::SqlError& e) {
    std::fprintf(stderr, "error %s: %s\n", e.sqlstate().c_str(), e.message().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}
