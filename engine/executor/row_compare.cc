#include "engine/executor/query_operators.h"

namespace plinth {

std::string RowIdentity(const Row& row, const std::vector<Oid>& types) {
  std::string key;
  for (size_t i = 0; i < row.size(); i++) EncodeKey(types[i], row[i], false, &key);
  return key;
}

int CompareSortKeys(const std::vector<SortKey>& spec, const Row& a, const Row& b) {
  for (size_t i = 0; i < spec.size(); i++) {
    const Value& x = a[i];
    const Value& y = b[i];
    if (x.is_null() || y.is_null()) {
      if (x.is_null() && y.is_null()) continue;
      // A null sorts first exactly when NULLS FIRST applies.
      return (x.is_null() == spec[i].nulls_first) ? -1 : 1;
    }
    int c = Compare(spec[i].expr->type, x, y);
    if (c != 0) return spec[i].descending ? -c : c;
  }
  return 0;
}

}  // namespace plinth
