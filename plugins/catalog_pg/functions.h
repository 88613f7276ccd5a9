// The scalar functions catalog_pg contributes (format_type, pg_get_indexdef, ...).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host_view.h"

namespace catalog_pg {

using Args = std::vector<std::optional<std::string>>;  // text form, nullopt = NULL

struct FunctionSpec {
  uint32_t oid;
  const char* name;
  std::vector<uint32_t> arg_types;
  uint32_t result_type;
  bool strict;
  std::optional<std::string> (*impl)(const HostView& host, const Args& args);
};

const std::vector<FunctionSpec>& AllFunctions();

}  // namespace catalog_pg
