#include "host/plugin/plugin_checks.h"

#include <cstddef>
#include <cstring>
#include <string_view>

#include "plinth/auth.h"
#include "plinth/catalog.h"
#include "plinth/storage.h"

namespace plinth::plugin {
namespace {

constexpr const char* kRebuildFix = "rebuild the plugin against this server's SDK";

std::string AbiText(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// Bytes of plinth_plugin up to and including abi_minor: what any plugin of any ABI
// version must provide for the host to read its version at all.
constexpr size_t kVersionPrefixSize = offsetof(plinth_plugin, abi_minor) + sizeof(uint16_t);

std::string TooSmall(const std::string& path, const char* what, size_t found, size_t expected) {
  return "plugin " + path + ": " + what + " is " + std::to_string(found) +
         " bytes, expected at least " + std::to_string(expected) + " for Plinth plugin ABI " +
         std::to_string(PLINTH_ABI_MAJOR) + ".x: " + kRebuildFix;
}

std::string MissingMember(const std::string& path, const char* vtable, const char* member) {
  return "plugin " + path + ": " + vtable + "." + member +
         " is NULL, expected a function (every v1 member is required): fix the plugin's vtable";
}

std::string CheckStorage(const plinth_storage_v1* v, const std::string& path) {
  if (v->struct_size < sizeof(plinth_storage_v1)) {
    return TooSmall(path, "plinth_storage_v1.struct_size", v->struct_size, sizeof(plinth_storage_v1));
  }
  const struct {
    const char* name;
    bool present;
  } members[] = {{"open", v->open != nullptr},
                 {"close", v->close != nullptr},
                 {"snapshot_open", v->snapshot_open != nullptr},
                 {"snapshot_close", v->snapshot_close != nullptr},
                 {"get", v->get != nullptr},
                 {"cursor_open", v->cursor_open != nullptr},
                 {"cursor_seek", v->cursor_seek != nullptr},
                 {"cursor_step", v->cursor_step != nullptr},
                 {"cursor_current", v->cursor_current != nullptr},
                 {"cursor_close", v->cursor_close != nullptr},
                 {"commit", v->commit != nullptr},
                 {"estimate", v->estimate != nullptr}};
  for (const auto& m : members) {
    if (!m.present) return MissingMember(path, "plinth_storage_v1", m.name);
  }
  return "";
}

std::string CheckAuth(const plinth_auth_v1* v, const std::string& path) {
  if (v->struct_size < sizeof(plinth_auth_v1)) {
    return TooSmall(path, "plinth_auth_v1.struct_size", v->struct_size, sizeof(plinth_auth_v1));
  }
  if (v->start == nullptr) return MissingMember(path, "plinth_auth_v1", "start");
  if (v->step == nullptr) return MissingMember(path, "plinth_auth_v1", "step");
  if (v->finish == nullptr) return MissingMember(path, "plinth_auth_v1", "finish");
  if (v->make_verifier == nullptr) return MissingMember(path, "plinth_auth_v1", "make_verifier");
  // A bound on the walk guards against a list that was never NULL-terminated.
  constexpr int kMaxMethods = 64;
  int count = 0;
  while (v->methods != nullptr && count < kMaxMethods && v->methods[count] != nullptr) ++count;
  if (v->methods == nullptr || count == 0 || count == kMaxMethods) {
    return "plugin " + path +
           ": plinth_auth_v1.methods must be a NULL-terminated list of 1 to " +
           std::to_string(kMaxMethods - 1) + " method names, found " +
           (v->methods == nullptr ? std::string("NULL") : std::to_string(count) + " names") +
           ": fix the plugin's vtable";
  }
  return "";
}

std::string CheckCatalog(const plinth_catalog_v1* v, const std::string& path) {
  if (v->struct_size < sizeof(plinth_catalog_v1)) {
    return TooSmall(path, "plinth_catalog_v1.struct_size", v->struct_size, sizeof(plinth_catalog_v1));
  }
  if (v->n_relations > 0 && (v->relations == nullptr || v->scan == nullptr)) {
    return "plugin " + path + ": plinth_catalog_v1 declares " + std::to_string(v->n_relations) +
           " relations but relations or scan is NULL: fix the plugin's vtable";
  }
  if (v->n_functions > 0 && v->functions == nullptr) {
    return "plugin " + path + ": plinth_catalog_v1 declares " + std::to_string(v->n_functions) +
           " functions but functions is NULL: fix the plugin's vtable";
  }
  return "";
}

std::string WithArticle(const std::string& noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + noun;
}

}  // namespace

std::string KindName(int32_t kind) {
  switch (kind) {
    case PLINTH_KIND_AUTH: return "auth";
    case PLINTH_KIND_STORAGE: return "storage";
    case PLINTH_KIND_CATALOG: return "catalog";
    default: return "unknown kind " + std::to_string(kind);
  }
}

std::string CheckDescriptor(const plinth_plugin* d, plinth_kind expected_kind,
                            const std::string& expected_name, const std::string& path) {
  const std::string file = "plugin " + path;
  if (d == nullptr) {
    return file + ": plinth_plugin_init returned PLINTH_OK but no descriptor (expected a "
                  "pointer to a static plinth_plugin, found NULL): set *out before returning";
  }
  if (d->struct_size < kVersionPrefixSize) {
    return TooSmall(path, "plinth_plugin.struct_size", d->struct_size, sizeof(plinth_plugin));
  }
  if (d->abi_major != PLINTH_ABI_MAJOR) {
    return file + " was built for Plinth plugin ABI " + std::to_string(d->abi_major) +
           ".x (" + AbiText(d->abi_major, d->abi_minor) + "), this server speaks " + AbiText(PLINTH_ABI_MAJOR, PLINTH_ABI_MINOR) + ": " +
           kRebuildFix;
  }
  if (d->struct_size < sizeof(plinth_plugin)) {
    return TooSmall(path, "plinth_plugin.struct_size", d->struct_size, sizeof(plinth_plugin));
  }
  // The file name is how the configuration names a plugin, so the two must agree.
  if (d->name == nullptr || expected_name != d->name) {
    return file + " calls itself \"" + (d->name ? d->name : "(null)") + "\", expected \"" +
           expected_name + "\" (a plugin's descriptor name must equal its file name): rename "
           "the file or fix plinth_plugin.name";
  }
  if (d->kind != expected_kind) {
    return file + " is " + WithArticle(KindName(d->kind)) + " plugin, expected " +
           WithArticle(KindName(expected_kind)) + " plugin: name it under [plugins] " +
           (d->kind == PLINTH_KIND_AUTH || d->kind == PLINTH_KIND_STORAGE ||
                    d->kind == PLINTH_KIND_CATALOG
                ? KindName(d->kind)
                : std::string("for its real kind")) +
           " instead of " + KindName(expected_kind);
  }
  if (d->vtable == nullptr) {
    return file + ": plinth_plugin.vtable is NULL, expected a plinth_" + KindName(expected_kind) +
           "_v1: fix the plugin's descriptor";
  }
  // Every vtable starts with struct_size; read it before anything else in the struct.
  switch (expected_kind) {
    case PLINTH_KIND_STORAGE: return CheckStorage(static_cast<const plinth_storage_v1*>(d->vtable), path);
    case PLINTH_KIND_AUTH: return CheckAuth(static_cast<const plinth_auth_v1*>(d->vtable), path);
    case PLINTH_KIND_CATALOG: return CheckCatalog(static_cast<const plinth_catalog_v1*>(d->vtable), path);
  }
  return file + ": cannot check " + KindName(expected_kind);
}

}  // namespace plinth::plugin
