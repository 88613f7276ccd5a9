#include "host/plugin/plugin_host.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <filesystem>

#include "host/config/value_parsers.h"
#include "host/plugin/host_api.h"
#include "host/plugin/plugin_checks.h"

namespace plinth {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUndefinedFile = "58P01";
constexpr const char* kInternalError = "XX000";

Status Refuse(const std::string& message) { return Status::Error(kInternalError, message); }

// Boost.DLL appends the loader's own explanation as "(dlerror system message: ...)";
// that part is what tells the user why (wrong format, missing dependency...).
std::string LoaderReason(const std::string& what) {
  const std::string marker = "dlerror system message: ";
  const size_t at = what.find(marker);
  if (at == std::string::npos) return what;
  // what() = "<context> (dlerror system message: <reason>): <errno text>"
  std::string reason = what.substr(at + marker.size());
  const size_t close = reason.rfind("): ");
  if (close != std::string::npos) {
    reason.resize(close);
  } else if (!reason.empty() && reason.back() == ')') {
    reason.pop_back();
  }
  return reason;
}

// Copies a plugin-filled error, which may lack its terminating NULs.
std::string BoundedText(const char* text, size_t capacity) {
  size_t len = 0;
  while (len < capacity && text[len] != '\0') ++len;
  return std::string(text, len);
}

}  // namespace

struct PluginHost::Entry {
  boost::dll::shared_library library;   // declared first: destroyed (unloaded) last
  std::unique_ptr<PluginHostApi> api;   // the plugin may keep pointers into it
  LoadedPlugin plugin;
};

const plinth_storage_v1* LoadedPlugin::storage() const {
  return kind == PLINTH_KIND_STORAGE ? static_cast<const plinth_storage_v1*>(descriptor->vtable) : nullptr;
}
const plinth_auth_v1* LoadedPlugin::auth() const {
  return kind == PLINTH_KIND_AUTH ? static_cast<const plinth_auth_v1*>(descriptor->vtable) : nullptr;
}
const plinth_catalog_v1* LoadedPlugin::catalog() const {
  return kind == PLINTH_KIND_CATALOG ? static_cast<const plinth_catalog_v1*>(descriptor->vtable) : nullptr;
}

std::string PluginHost::DefaultDirectory(const std::string& exe_dir) {
  const fs::path beside = fs::path(exe_dir) / "plugins";
  const fs::path installed = (fs::path(exe_dir) / ".." / "lib" / "plinth").lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(beside, ec) && fs::is_directory(installed, ec)) return installed.string();
  return beside.string();
}

PluginHost::PluginHost(std::string directory, std::string data_directory,
                       PluginTableFn plugin_table)
    : directory_(std::move(directory)),
      data_directory_(std::move(data_directory)),
      plugin_table_(std::move(plugin_table)) {
  if (directory_.empty()) {
    directory_ = DefaultDirectory(boost::dll::program_location().parent_path().string());
  }
  // Messages name absolute paths, and a later chdir() must not change what loads.
  directory_ = fs::absolute(directory_).lexically_normal().string();
  if (directory_.size() > 1 && directory_.back() == '/') directory_.pop_back();
}

PluginHost::~PluginHost() {
  // Unload in reverse order of loading, as a plugin loaded later may use an earlier one.
  while (!entries_.empty()) entries_.pop_back();
}

const LoadedPlugin* PluginHost::Find(const std::string& name) const {
  for (const auto& entry : entries_) {
    if (entry->plugin.name == name) return &entry->plugin;
  }
  return nullptr;
}

Result<const LoadedPlugin*> PluginHost::Load(plinth_kind kind, const std::string& name) {
  const std::string kind_name = plugin::KindName(kind);
  if (!config::IsValidPluginName(name)) {
    return Refuse("invalid " + kind_name + " plugin name \"" + name +
                  "\": expected lower-case letters, digits and '_', starting with a letter (the file name without .so)");
  }
  if (const LoadedPlugin* loaded = Find(name)) {
    return Refuse("plugin \"" + name + "\" is already loaded (from " + loaded->path +
                  ", as a " + plugin::KindName(loaded->kind) + " plugin), expected each plugin "
                  "once: remove the duplicate from the [plugins] settings");
  }
  const std::string path = (fs::path(directory_) / (name + ".so")).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return Status::Error(kUndefinedFile,
                         "could not find " + kind_name + " plugin \"" + name + "\": expected " +
                             path + ", found no such file: install the plugin there or set "
                             "[plugins] directory (-c plugins.directory=DIR)");
  }

  auto entry = std::make_unique<Entry>();
  try {
    // rtld_now: a missing dependency fails here, not at some later call.
    entry->library.load(fs::path(path), boost::dll::load_mode::rtld_now |
                                            boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return Refuse("could not load plugin " + path + ": expected a shared library, found a file "
                  "the dynamic loader rejects (" + LoaderReason(e.what()) +
                  "): rebuild it with plinth_add_plugin() or remove it");
  }
  if (!entry->library.has(PLINTH_PLUGIN_ENTRY_SYMBOL)) {
    return Refuse("plugin " + path + " does not export " PLINTH_PLUGIN_ENTRY_SYMBOL
                  ": expected a Plinth plugin entry point, found a shared library without "
                  "one: define it with PLINTH_EXPORT and build with plinth_add_plugin()");
  }
  auto& init = entry->library.get<std::remove_pointer_t<plinth_plugin_init_fn>>(
      PLINTH_PLUGIN_ENTRY_SYMBOL);

  entry->api = std::make_unique<PluginHostApi>(name, plugin_table_ ? plugin_table_(name) : std::map<std::string, std::string>{},
                                               data_directory_);
  const plinth_plugin* descriptor = nullptr;
  plinth_error err{};
  err.struct_size = sizeof err;
  plinth_status status = PLINTH_ERROR;
  try {
    status = init(entry->api->api(), &descriptor, &err);
  } catch (...) {
    // A C++ plugin let an exception escape the C boundary; treat it as a failed init.
    return Refuse("plugin " + path + ": " PLINTH_PLUGIN_ENTRY_SYMBOL " threw a C++ exception, "
                  "expected a plinth_status: catch exceptions inside the plugin");
  }
  if (status != PLINTH_OK) {
    const std::string sqlstate = BoundedText(err.sqlstate, sizeof err.sqlstate);
    const std::string message = BoundedText(err.message, sizeof err.message);
    return Refuse("plugin " + path + " failed to initialise (" PLINTH_PLUGIN_ENTRY_SYMBOL
                  " returned " + std::to_string(status) + ", expected PLINTH_OK): " +
                  (sqlstate.empty() ? "" : "[" + sqlstate + "] ") +
                  (message.empty() ? "no message" : message));
  }
  std::string problem = plugin::CheckDescriptor(descriptor, kind, name, path);
  if (!problem.empty()) return Refuse(problem);

  entry->plugin.name = name;
  entry->plugin.path = path;
  entry->plugin.kind = kind;
  entry->plugin.descriptor = descriptor;
  entry->plugin.host_api_ = entry->api->api();
  entries_.push_back(std::move(entry));
  return static_cast<const LoadedPlugin*>(&entries_.back()->plugin);
}

}  // namespace plinth
