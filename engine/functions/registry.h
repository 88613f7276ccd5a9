// Internal: how each function family registers its definitions.
#pragma once

#include <vector>

#include "engine/functions/functions.h"

namespace plinth::functions {

class Registry {
 public:
  void Add(FunctionDef def) { defs_.push_back(std::move(def)); }
  std::vector<FunctionDef>& defs() { return defs_; }

 private:
  std::vector<FunctionDef> defs_;
};

void RegisterArithmetic(Registry& r);   // arithmetic_ops.cc
void RegisterComparisons(Registry& r);  // comparison_ops.cc
void RegisterStrings(Registry& r);      // string_functions.cc
void RegisterPatterns(Registry& r);     // pattern_ops.cc (LIKE, regex)
void RegisterMath(Registry& r);         // math_functions.cc
void RegisterDatetime(Registry& r);     // datetime_functions.cc
void RegisterSequences(Registry& r);    // sequence_functions.cc (nextval, setval...)
void RegisterSession(Registry& r);      // session_functions.cc (pg_sleep, current_user, version...)
void RegisterIntrospection(Registry& r);  // introspection_functions.cc (pg_typeof)

// Helpers shared by implementations.
inline Status Ok(Value* out, Value v) { *out = std::move(v); return Status::OK(); }
Status OutOfRange(const char* type_label);  // 22003 "<type> out of range"
Status DivisionByZero();                    // 22012
std::mt19937_64& Rng(FunctionCallContext& ctx);

}  // namespace plinth::functions
