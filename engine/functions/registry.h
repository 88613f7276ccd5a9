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
void RegisterSetFunctions(Registry& r);  // set_functions.cc (unnest, generate_series... in a select list)
void RegisterBitwise(Registry& r);       // bitwise_ops.cc (& | # ~ << >> on integers)
void RegisterJsonBuild(Registry& r);     // json_build.cc (json_build_object)
void RegisterArrays(Registry& r);        // array_functions.cc (array_upper, array_to_string...)
void RegisterIntrospection(Registry& r);  // introspection_functions.cc (pg_typeof)
void RegisterSettings(Registry& r);       // setting_functions.cc (current_setting, set_config)
void RegisterMoreStrings(Registry& r);     // string_more_functions.cc (ascii, chr, translate, sha256...)
void RegisterFormat(Registry& r);          // format_functions.cc (format, quote_ident...)
void RegisterNumberFormat(Registry& r);    // number_format.cc (to_char for numbers)
void RegisterRegexFunctions(Registry& r);  // regex_functions.cc (regexp_*, substring FROM, SIMILAR TO)
void RegisterMoreMath(Registry& r);        // math_more_functions.cc (div, log(b, x), trig, gcd...)
void RegisterJson(Registry& r);            // json_functions.cc (-> ->> @> jsonb_set, jsonb_each...)
void RegisterBytea(Registry& r);           // bytea_functions.cc (get_byte, substring, convert_to...)
void RegisterMoreDatetime(Registry& r);    // datetime_more_functions.cc (to_char, to_date, make_time...)
void RegisterRecords(Registry& r);          // record_functions.cc (the whole-row record constructor)
void RegisterJsonPath(Registry& r);         // json_path.cc (@? @@ jsonb_path_query...)
void RegisterMoreArrays(Registry& r);       // array_more_functions.cc (array_remove, array_fill, @>...)

// Helpers shared by implementations.
inline Status Ok(Value* out, Value v) { *out = std::move(v); return Status::OK(); }
Status OutOfRange(const char* type_label);  // 22003 "<type> out of range"
Status DivisionByZero();                    // 22012
std::mt19937_64& Rng(FunctionCallContext& ctx);

}  // namespace plinth::functions
