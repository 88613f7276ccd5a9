#include "host/plugin/host_api.h"

#include "host/log/log.h"

namespace plinth {

PluginHostApi::PluginHostApi(std::string plugin_name, std::map<std::string, std::string> config,
                             std::string data_directory)
    : plugin_name_(std::move(plugin_name)),
      config_(std::move(config)),
      data_directory_(std::move(data_directory)) {
  api_.struct_size = sizeof(plinth_host_api);
  api_.abi_major = PLINTH_ABI_MAJOR;
  api_.abi_minor = PLINTH_ABI_MINOR;
  api_.ctx = this;
  api_.log = &PluginHostApi::Log;
  api_.config_get = &PluginHostApi::ConfigGet;
  api_.data_directory = data_directory_.c_str();
}

void PluginHostApi::Log(void* ctx, int32_t level, const char* msg) {
  // LogFromPlugin is noexcept: nothing unwinds into the plugin.
  const auto* self = static_cast<const PluginHostApi*>(ctx);
  LogFromPlugin(self ? self->plugin_name_.c_str() : nullptr, level, msg);
}

const char* PluginHostApi::ConfigGet(void* ctx, const char* key) {
  const auto* self = static_cast<const PluginHostApi*>(ctx);
  if (self == nullptr || key == nullptr) return nullptr;
  // std::map::find with a std::string temporary may throw bad_alloc; keep it inside.
  try {
    auto it = self->config_.find(key);
    return it == self->config_.end() ? nullptr : it->second.c_str();
  } catch (...) {
    return nullptr;
  }
}

}  // namespace plinth
