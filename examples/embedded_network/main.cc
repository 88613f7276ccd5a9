// Use case 1: an embedded database that also accepts network connections.
//
// The application opens an in-memory database, writes to it in process, and serves the
// same database to PostgreSQL clients. A libpq client then reads what the application
// wrote, writes rows the application reads back, and sees the application's open
// transaction exactly as another PostgreSQL session would (not until COMMIT).
//
// Also measures the time from "open in-memory" to the first query answered over TCP.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <plinth/embedded.h>
#include <plinth/embedded_server.h>

#include "../common/pq.h"

namespace {

int failures = 0;

void Check(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) failures++;
}

double Millis(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Open -> serve -> connect -> first answer, on a fresh database each time.
void MeasureTimeToFirstRemoteQuery() {
  std::vector<double> samples;
  for (int i = 0; i < 20; i++) {
    auto start = std::chrono::steady_clock::now();
    auto db = plinth::EmbeddedDatabase::open_in_memory();
    auto server = plinth::ServerBuilder().address("127.0.0.1").port(0).build(db);
    server.start();
    pq::Connection client(server.uri());
    std::string answer = client.scalar("SELECT 1");
    samples.push_back(Millis(std::chrono::steady_clock::now() - start));
    if (answer != "1") Check(false, "SELECT 1 over TCP answered " + answer);
  }
  const double first = samples.front();  // includes loading the plugin libraries
  std::sort(samples.begin(), samples.end());
  std::printf("time from open_in_memory() to the first query answered over TCP: first %.2f ms; "
              "over %zu runs min %.2f ms, median %.2f ms, max %.2f ms\n",
              first, samples.size(), samples.front(), samples[samples.size() / 2], samples.back());
}

}  // namespace

int main() {
  try {
    MeasureTimeToFirstRemoteQuery();

    auto db = plinth::EmbeddedDatabase::open_in_memory();
    db.execute("CREATE TABLE logs (id int PRIMARY KEY, message text NOT NULL)");
    db.execute("INSERT INTO logs VALUES ($1, $2)", {1, "application started"});
    db.execute("INSERT INTO logs VALUES ($1, $2)", {2, "config loaded"});

    auto server = plinth::ServerBuilder().address("127.0.0.1").port(0).build(db);
    server.start();
    std::printf("serving %s\n", server.uri().c_str());

    pq::Connection remote(server.uri());
    pq::Rows rows = remote.query("SELECT id, message FROM logs ORDER BY id");
    Check(rows.size() == 2 && rows[0][1] == "application started" && rows[1][1] == "config loaded",
          "a libpq client reads the rows the application wrote in process");

    remote.query("INSERT INTO logs VALUES ($1, $2)", {"3", "written over the network"});
    auto local = db.execute("SELECT message FROM logs WHERE id = $1", {3});
    Check(local.size() == 1 && local[0][0].text() == "written over the network",
          "the application reads the row a client wrote");

    // One engine, one transaction model: an uncommitted local change is invisible to the
    // client, and visible once committed.
    auto session = db.session();
    session.execute("BEGIN");
    session.execute("UPDATE logs SET message = 'edited' WHERE id = 1");
    Check(remote.scalar("SELECT message FROM logs WHERE id = 1") == "application started",
          "the client does not see the application's uncommitted update");
    session.execute("COMMIT");
    Check(remote.scalar("SELECT message FROM logs WHERE id = 1") == "edited",
          "the client sees it after COMMIT");
    Check(db.execute("SELECT count(*) FROM logs").scalar<int>() == 3, "both sides count the same 3 rows");

    server.stop();
  } catch (const plinth::SqlError& e) {
    std::printf("FAIL plinth error %s: %s\n", e.sqlstate().c_str(), e.message().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::printf("FAIL %s\n", e.what());
    return 1;
  }
  std::printf("%s\n", failures ? "FAILED" : "PASSED");
  return failures ? 1 : 0;
}
