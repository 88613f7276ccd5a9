// The checks a plugin's descriptor must pass before the host uses anything in it:
// ABI major, struct sizes, name, kind and the kind's vtable. Kept apart from the loading
// so every refusal can be tested on plain structs as well as on real libraries.
#pragma once

#include <string>

#include "plinth/plugin.h"

namespace plinth::plugin {

// "auth", "storage", "catalog", or "unknown kind <n>".
std::string KindName(int32_t kind);

// Returns "" when `descriptor` (returned by the plugin at `path`) is usable as the
// plugin `expected_name` of `expected_kind`; otherwise one line naming the file, what
// was expected, what was found, and the fix.
std::string CheckDescriptor(const plinth_plugin* descriptor, plinth_kind expected_kind,
                            const std::string& expected_name, const std::string& path);

}  // namespace plinth::plugin
