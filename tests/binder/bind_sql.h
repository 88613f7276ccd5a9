// Shared by the binder tests: parse SQL and bind its first statement against a catalog.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/binder/binder.h"
#include "engine/parser/parser.h"

namespace plinth::testing_support {

// The parse tree is kept in *trees: a bound plan may point into it.
inline Result<Plan> BindSql(const std::string& sql, const Catalog* catalog, const IoContext* io,
                            std::vector<std::shared_ptr<const ParseTree>>* trees) {
  auto tree = ParseTree::Parse(sql);
  if (!tree.ok()) return tree.status();
  trees->push_back(tree.value());
  BindContext bctx{catalog, {"public"}, io, nullptr};
  Binder binder(bctx, {});
  return binder.BindQuery(tree.value()->statements()[0].node);
}

}  // namespace plinth::testing_support
