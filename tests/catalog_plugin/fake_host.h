// A plinth_catalog_reader over canned host relations, for driving a catalog plugin
// without a server.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plinth/catalog.h"

namespace plinth::testing {

class FakeHost {
 public:
  using Row = std::vector<std::optional<std::string>>;
  std::map<std::string, std::vector<Row>> relations;
  std::map<std::string, std::string> settings{{"search_path", "\"$user\", public"}, {"session_user", "postgres"}};

  const plinth_catalog_reader* reader() {
    reader_ = {sizeof reader_, this, Scan, Setting};
    return &reader_;
  }

 private:
  static plinth_status Scan(void* ctx, const char* name, plinth_row_sink* sink, plinth_error* err) {
    auto* self = static_cast<FakeHost*>(ctx);
    auto it = self->relations.find(name);
    if (it == self->relations.end()) {
      // Unlisted host relations are empty, except that a test may ask for a refusal.
      if (std::string(name) == "refuse") {
        plinth_error_set(err, "42P01", "unknown host relation");
        return PLINTH_ERROR;
      }
      return PLINTH_OK;
    }
    for (const Row& row : it->second) {
      std::vector<plinth_bytes> values;
      for (const auto& v : row)
        values.push_back(v ? plinth_bytes{reinterpret_cast<const uint8_t*>(v->data()), v->size()}
                           : plinth_bytes{nullptr, 0});
      plinth_status st = sink->row(sink->ctx, values.data(), values.size());
      if (st != PLINTH_OK) return st;
    }
    return PLINTH_OK;
  }
  static const char* Setting(void* ctx, const char* name) {
    auto* self = static_cast<FakeHost*>(ctx);
    auto it = self->settings.find(name);
    return it == self->settings.end() ? nullptr : it->second.c_str();
  }
  plinth_catalog_reader reader_{};
};

}  // namespace plinth::testing
