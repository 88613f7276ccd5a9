// Failures inside the plugin travel as C++ exceptions up to the ABI boundary
// (plugin.cc), where they become a plinth_status plus a filled plinth_error.
#pragma once

#include "plinth/cpp/boundary.h"

namespace plinth::storage_memory {

// The SDK's boundary exception: thrown inside, reported with its SQLSTATE at the ABI.
using StoreError = plinth::sdk::PluginError;

}  // namespace plinth::storage_memory
