/*
 * plinth/cpp/boundary.h — optional, header-only C++ helpers for plugins written in C++.
 *
 * The ABI itself is C (plinth/plugin.h): no exception may cross it. These helpers let a
 * C++ plugin throw PluginError (or anything else) inside and turn it into a
 * plinth_status + filled plinth_error at each entry point, and convert byte slices.
 * Nothing here is part of the ABI; a plugin may use it or not.
 */
#ifndef PLINTH_CPP_BOUNDARY_H
#define PLINTH_CPP_BOUNDARY_H

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

#include "plinth/plugin.h"

namespace plinth::sdk {

// A failure with a SQLSTATE, thrown inside a plugin and reported at the boundary.
class PluginError : public std::runtime_error {
 public:
  PluginError(const char* sqlstate, const std::string& message) : std::runtime_error(message), sqlstate_(sqlstate) {}
  const char* sqlstate() const { return sqlstate_; }

 private:
  const char* sqlstate_;  // a string literal, e.g. "22023"
};

inline std::string_view View(plinth_bytes b) { return {reinterpret_cast<const char*>(b.data), b.len}; }
inline plinth_bytes Bytes(std::string_view v) { return {reinterpret_cast<const uint8_t*>(v.data()), v.size()}; }

inline void Log(const plinth_host_api* host, plinth_log_level level, const std::string& msg) {
  if (host && host->log) host->log(host->ctx, level, msg.c_str());
}

// Runs body (which returns a plinth_status); any exception becomes PLINTH_ERROR with a
// SQLSTATE in *err: PluginError's own, 53200 for out of memory, XX000 otherwise.
template <typename Body>
plinth_status Guarded(const char* plugin, plinth_error* err, Body&& body) noexcept {
  try {
    return body();
  } catch (const PluginError& e) {
    plinth_error_set(err, e.sqlstate(), e.what());
  } catch (const std::bad_alloc&) {
    plinth_error_set(err, "53200", (std::string(plugin) + ": out of memory").c_str());
  } catch (const std::exception& e) {
    plinth_error_set(err, "XX000", (std::string(plugin) + ": internal error: " + e.what()).c_str());
  } catch (...) {
    plinth_error_set(err, "XX000", (std::string(plugin) + ": internal error (unknown exception)").c_str());
  }
  return PLINTH_ERROR;
}

// Throws 22023 "invalid argument" unless ok: for checking what the host passed in.
inline void RequireArg(const char* plugin, bool ok, const char* what) {
  if (!ok) throw PluginError("22023", std::string(plugin) + ": invalid argument: " + what);
}

}  // namespace plinth::sdk

#endif /* PLINTH_CPP_BOUNDARY_H */
