// Failures inside the plugin travel as C++ exceptions up to the ABI boundary
// (plugin.cc), where they become a plinth_status plus a filled plinth_error.
#pragma once

#include <stdexcept>
#include <string>

namespace plinth::storage_memory {

class StoreError : public std::runtime_error {
 public:
  StoreError(const char* sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(sqlstate) {}
  const char* sqlstate() const { return sqlstate_; }

 private:
  const char* sqlstate_;  // a string literal, e.g. "22023"
};

}  // namespace plinth::storage_memory
