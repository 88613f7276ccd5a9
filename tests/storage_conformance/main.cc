// storage_conformance <plugin.so> [gtest flags...]
// The plugin path comes from argv[1] or the PLINTH_STORAGE_PLUGIN environment variable.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "plugin_harness.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);  // removes the gtest flags it knows
  const char* path = std::getenv("PLINTH_STORAGE_PLUGIN");
  if (argc > 1 && argv[1][0] != '-') path = argv[1];
  if (!path || !*path) {
    std::fprintf(stderr,
                 "usage: storage_conformance <plugin.so>  (or set PLINTH_STORAGE_PLUGIN)\n");
    return 2;
  }
  plinth::conformance::LoadedPlugin::Load(path);
  return RUN_ALL_TESTS();
}
