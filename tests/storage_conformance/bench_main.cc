// storage_bench <plugin.so> [on|off]: commit latency of one-row batches (median of
// 200) and point-get latency, through the C ABI. Prints one line per metric.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "plugin_harness.h"

using namespace plinth::conformance;
using Clock = std::chrono::steady_clock;

static std::string Key(uint64_t i) {
  std::string k(8, '\0');
  for (int b = 7; b >= 0; b--, i >>= 8) k[b] = static_cast<char>(i & 0xff);
  return k;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: storage_bench <plugin.so> [sync on|off]\n");
    return 2;
  }
  LoadedPlugin::Load(argv[1]);
  char tmpl[] = "/var/tmp/plinth-storage-bench-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  TestHost host(tmpl);
  if (argc > 2) host.Set("sync", argv[2]);
  plinth_error err{};
  auto store = OpenStore(host, &err);
  if (!store) {
    std::fprintf(stderr, "open failed: %s\n", Describe(err).c_str());
    return 1;
  }

  std::vector<double> commit_us;
  for (int i = 0; i < 200; i++) {
    std::string k = "c" + Key(i), v = "value" + std::to_string(i);
    auto t0 = Clock::now();
    store->MustCommit({Put(k, v)});
    commit_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(commit_us.begin(), commit_us.end());
  std::printf("commit_one_row_median_us %.1f (p90 %.1f)\n", commit_us[100], commit_us[180]);

  constexpr uint64_t kKeys = 10000;
  std::vector<std::string> keys;
  for (uint64_t i = 0; i < kKeys; i++) keys.push_back("g" + Key(i));
  std::vector<plinth_write> batch;
  for (auto& k : keys) batch.push_back(Put(k, "some-row-value-of-32-bytes-----"));
  store->MustCommit(batch);

  auto snap = store->Snap();
  const plinth_storage_v1* vt = store->vtable();
  std::mt19937 rng(1);
  std::vector<uint32_t> order(1000000);
  for (auto& o : order) o = rng() % kKeys;
  uint64_t found = 0;
  auto t0 = Clock::now();
  for (uint32_t o : order) {
    plinth_bytes value;
    found += vt->get(snap->raw(), B(keys[o]), &value, &err) == PLINTH_OK;
  }
  double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / order.size();
  std::printf("point_get_ns %.0f (found %llu)\n", ns, static_cast<unsigned long long>(found));

  snap.reset();
  t0 = Clock::now();
  for (int i = 0; i < 100000; i++) {
    plinth_snapshot* s;
    vt->snapshot_open(store->raw(), &s, &err);
    vt->snapshot_close(s);
  }
  std::printf("snapshot_open_close_ns %.0f\n",
              std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / 100000);

  store.reset();
  std::filesystem::remove_all(tmpl);
  return 0;
}
