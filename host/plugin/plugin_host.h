// Loads plugins (<name>.so) with Boost.DLL, hands each its own plinth_host_api, and
// refuses — with one line naming the file, the expectation, what was found and the fix —
// any library that is not a well-formed plugin of the requested kind and ABI major.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/status.h"
#include "plinth/auth.h"
#include "plinth/catalog.h"
#include "plinth/plugin.h"
#include "plinth/storage.h"

namespace plinth {

struct LoadedPlugin {
  std::string name, path;
  plinth_kind kind;
  const plinth_plugin* descriptor;  // plugin-owned, valid while the PluginHost lives

  // The kind's vtable, or nullptr if the plugin is of another kind.
  const plinth_storage_v1* storage() const;
  const plinth_auth_v1* auth() const;
  const plinth_catalog_v1* catalog() const;
  // The instance given to this plugin (pass it to e.g. plinth_storage_v1.open).
  const plinth_host_api* host_api() const { return host_api_; }

 private:
  friend class PluginHost;
  const plinth_host_api* host_api_ = nullptr;
};

class PluginHost {
 public:
  // Returns the plugin's own config table ([<name>] in plinth.toml); usually
  // Config::PluginTable. The map is copied at load time.
  using PluginTableFn = std::function<const std::map<std::string, std::string>&(const std::string&)>;

  // directory: where <name>.so files are. Empty = the running executable's directory +
  // "/plugins", falling back to <exe dir>/../lib/plinth (the installed layout).
  PluginHost(std::string directory, std::string data_directory, PluginTableFn plugin_table);
  // Unloads every library. Whatever the plugins handed out (stores, states) must have
  // been closed by then.
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Loads <dir>/<name>.so, calls plinth_plugin_init and checks the result. Refusals:
  // SQLSTATE 58P01 when the file is missing, XX000 otherwise. The returned pointer stays
  // valid for the life of the PluginHost; libraries are never unloaded before that.
  Result<const LoadedPlugin*> Load(plinth_kind kind, const std::string& name);
  const LoadedPlugin* Find(const std::string& name) const;
  std::string directory() const { return directory_; }

  // The default plugin directory for an executable living in `exe_dir`.
  static std::string DefaultDirectory(const std::string& exe_dir);

 private:
  struct Entry;

  std::string directory_;
  std::string data_directory_;
  PluginTableFn plugin_table_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace plinth
