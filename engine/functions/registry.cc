#include <map>
#include <memory>
#include <string>

#include "engine/functions/registry.h"

namespace plinth {
namespace {

struct Index {
  std::vector<FunctionDef> storage;
  std::vector<const FunctionDef*> all;
  std::map<std::string, std::vector<const FunctionDef*>, std::less<>> by_name;
  std::map<std::pair<std::string, int>, std::vector<const FunctionDef*>, std::less<>> operators;
};

const Index& TheIndex() {
  static const Index* index = [] {
    functions::Registry r;
    functions::RegisterArithmetic(r);
    functions::RegisterComparisons(r);
    functions::RegisterStrings(r);
    functions::RegisterPatterns(r);
    functions::RegisterMath(r);
    functions::RegisterDatetime(r);
    functions::RegisterSequences(r);
    functions::RegisterSession(r);
    functions::RegisterIntrospection(r);
    functions::RegisterSettings(r);
    functions::RegisterArrays(r);
    functions::RegisterSetFunctions(r);
    functions::RegisterJsonBuild(r);
    functions::RegisterBitwise(r);
    functions::RegisterMoreStrings(r);
    functions::RegisterFormat(r);
    functions::RegisterNumberFormat(r);
    functions::RegisterRegexFunctions(r);
    functions::RegisterMoreMath(r);
    functions::RegisterJson(r);
    functions::RegisterMoreDatetime(r);
    functions::RegisterRecords(r);
    functions::RegisterJsonPath(r);
    functions::RegisterMoreArrays(r);
    functions::RegisterBytea(r);
    auto* idx = new Index();
    idx->storage = std::move(r.defs());
    for (const FunctionDef& d : idx->storage) {
      idx->all.push_back(&d);
      if (IsOperatorName(d.name))
        idx->operators[{d.name, static_cast<int>(d.args.size())}].push_back(&d);
      else
        idx->by_name[d.name].push_back(&d);
    }
    return idx;
  }();
  return *index;
}

const std::vector<const FunctionDef*> kNone;

}  // namespace

bool IsOperatorName(std::string_view name) {
  return !name.empty() && std::string_view("+-*/<>=~!@#%^&|`?").find(name[0]) != std::string_view::npos;
}

const std::vector<const FunctionDef*>& FunctionCandidates(std::string_view name) {
  const auto& m = TheIndex().by_name;
  auto it = m.find(name);
  return it == m.end() ? kNone : it->second;
}

const std::vector<const FunctionDef*>& OperatorCandidates(std::string_view op, int nargs) {
  const auto& m = TheIndex().operators;
  auto it = m.find(std::make_pair(std::string(op), nargs));
  return it == m.end() ? kNone : it->second;
}

const std::vector<const FunctionDef*>& AllFunctions() { return TheIndex().all; }

const NamedParameterList* NamedParameters(std::string_view function) {
  static const NamedParameterList kMakeInterval{{"years", "months", "weeks", "days", "hours", "mins", "secs"},
                                                {"0", "0", "0", "0", "0", "0", "0"}};
  return function == "make_interval" ? &kMakeInterval : nullptr;
}

Status CallFunction(const FunctionDef& def, FunctionCallContext& ctx, const Value* args,
                    size_t nargs, Value* out) {
  if (def.strict) {
    for (size_t i = 0; i < nargs; ++i)
      if (args[i].is_null()) {
        *out = Value::Null();
        return Status::OK();
      }
  }
  return def.impl(ctx, args, nargs, out);
}

namespace functions {

Status OutOfRange(const char* type_label) {
  return Status::Error("22003", std::string(type_label) + " out of range");
}
Status DivisionByZero() { return Status::Error("22012", "division by zero"); }

std::mt19937_64& Rng(FunctionCallContext& ctx) {
  if (ctx.rng != nullptr) return *ctx.rng;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

}  // namespace functions
}  // namespace plinth
