// The fixture every conformance test uses: a fresh data directory and a store
// opened on it through the plugin under test.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "plugin_harness.h"

namespace plinth::conformance {

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/plinth-storage-conformance-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    host_ = std::make_unique<TestHost>(dir_);
    ASSERT_NO_FATAL_FAILURE(Open());
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // (Re)opens the store with the host's current config.
  void Open() {
    store_.reset();
    plinth_error err{};
    plugin_ = InitPlugin(*host_, &err);
    ASSERT_NE(plugin_, nullptr) << "plinth_plugin_init failed: " << Describe(err);
    store_ = OpenStore(*host_, &err);
    ASSERT_NE(store_, nullptr) << "open failed: " << Describe(err);
  }

  bool Persistent() const { return plugin_->capabilities & PLINTH_STORAGE_CAP_PERSISTENT; }
  const plinth_storage_v1* vt() const { return static_cast<const plinth_storage_v1*>(plugin_->vtable); }
  Store& store() { return *store_; }

  std::string dir_;
  std::unique_ptr<TestHost> host_;
  const plinth_plugin* plugin_ = nullptr;
  std::unique_ptr<Store> store_;
};

// Keys that sort like the integers they encode (8 bytes, big-endian).
inline std::string IntKey(uint64_t i) {
  std::string k(8, '\0');
  for (int b = 7; b >= 0; b--, i >>= 8) k[b] = static_cast<char>(i & 0xff);
  return k;
}

}  // namespace plinth::conformance
