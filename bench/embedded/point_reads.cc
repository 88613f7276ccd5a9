// pgbench's select-only transaction through the embedding API, without the network:
// the same table shape (aid int PRIMARY KEY, bid, abalance, filler char(84)), the same
// query with a random aid, one session, for a fixed time; prepared once, as
// `pgbench -M prepared` does (`--unprepared`: parsed and planned on every call). Printed
// as `tps=<number>` so bench/run.sh can set it beside the TPS of the network runs and
// show the protocol's share.
//
//   embedded_point_reads [--rows N] [--seconds S] [--storage storage_memory|storage_lmdb --dir D]
//                        [--unprepared]
#include <plinth/embedded.h>
#include <plinth/sql_error.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
  long rows = 100000;
  double seconds = 5;
  std::string storage = "storage_memory", dir;
  bool prepared = true;
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--unprepared") {
      prepared = false;
      i--;  // takes no value
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "option %s needs a value\n", argv[i]);
      return 2;
    }
    if (flag == "--rows") rows = std::atol(argv[i + 1]);
    else if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
    else if (flag == "--storage") storage = argv[i + 1];
    else if (flag == "--dir") dir = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (rows <= 0 || seconds <= 0 || (storage != "storage_memory" && dir.empty())) {
    std::fprintf(stderr, "usage: %s [--rows N>0] [--seconds S>0] [--storage NAME --dir DIR]\n", argv[0]);
    return 2;
  }
  try {
    auto db = storage == "storage_memory" ? plinth::EmbeddedDatabase::open_in_memory()
                                          : plinth::EmbeddedDatabase::open(dir, storage);
    db.execute("CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84))");
    db.execute("INSERT INTO pgbench_accounts SELECT i, (i - 1) / 100000 + 1, 0, '' FROM generate_series(1, " +
               std::to_string(rows) + ") i");
    auto session = db.session();
    std::mt19937 random(42);
    std::uniform_int_distribution<long> aid(1, rows);
    const std::string query = "SELECT abalance FROM pgbench_accounts WHERE aid = $1";
    plinth::PreparedQuery statement = session.prepare(query);
    long done = 0;
    auto began = std::chrono::steady_clock::now();
    auto deadline = began + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      for (int batch = 0; batch < 100; batch++) {
        const plinth::Param param(static_cast<int64_t>(aid(random)));
        auto result = prepared ? statement.execute({param}) : session.execute(query, {param});
        if (result.size() != 1) {
          std::fprintf(stderr, "expected one row, got %zu\n", result.size());
          return 1;
        }
      }
      done += 100;
    }
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    std::printf("tps=%.1f\n", done / elapsed);
    return 0;
  } catch (const plinth::SqlError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
