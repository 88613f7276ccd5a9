// The plinth_host_api instance the host hands to one plugin: its log and config_get
// callbacks, backed by a context that owns every string the plugin may hold on to.
#pragma once

#include <map>
#include <string>

#include "plinth/plugin.h"

namespace plinth {

class PluginHostApi {
 public:
  // `config` is copied: the strings config_get returns must stay valid until unload,
  // whatever happens to the Config they came from.
  PluginHostApi(std::string plugin_name, std::map<std::string, std::string> config,
                std::string data_directory);
  PluginHostApi(const PluginHostApi&) = delete;
  PluginHostApi& operator=(const PluginHostApi&) = delete;

  // Stable for the life of this object (which the plugin's ctx points to).
  const plinth_host_api* api() const { return &api_; }

 private:
  static void Log(void* ctx, int32_t level, const char* msg);
  static const char* ConfigGet(void* ctx, const char* key);

  std::string plugin_name_;
  std::map<std::string, std::string> config_;
  std::string data_directory_;
  plinth_host_api api_{};
};

}  // namespace plinth
