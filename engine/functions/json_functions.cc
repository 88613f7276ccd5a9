// JSON operators and functions over json and jsonb: field/element/path access
// (-> ->> #> #>>), key tests (? ?| ?&), containment (@> <@), concatenation and deletion
// (|| - #-), jsonb_set / jsonb_insert / jsonb_strip_nulls, the builders and to_json(b),
// jsonb_typeof / jsonb_array_length / jsonb_pretty, and the set-returning jsonb_each,
// jsonb_array_elements and jsonb_object_keys — with PostgreSQL's errors.
#include <algorithm>
#include <cstdlib>

#include "engine/functions/json_value.h"
#include "engine/functions/registry.h"

namespace plinth::functions {
namespace {

using oids::kBool;
using oids::kInt4;
using oids::kJson;
using oids::kJsonb;
using oids::kText;
using oids::kTextArray;
using Kind = JsonValue::Kind;
using Rows = std::vector<std::vector<Value>>;

Result<JsonValue> Arg(const Value& v) { return ParseJson(v.as_bytes()); }

// The SQL value of a result: jsonb canonical text, or json's compact text.
template <bool kJsonb>
Value Out(const JsonValue& v) { return Value::Bytes(kJsonb ? JsonbText(v) : JsonText(v)); }
Value Jsonb(const JsonValue& v) { return Value::Bytes(JsonbText(v)); }

// ->> and #>>: strings unquoted, JSON null as SQL NULL, anything else as jsonb text.
template <bool kJsonb>
Value AsText(const JsonValue& v) {
  if (v.kind == Kind::Null) return Value();
  if (v.kind == Kind::String) return Value::Bytes(v.scalar);
  if (v.kind == Kind::Raw) return Value::Bytes(v.scalar);
  return Out<kJsonb>(v);
}

// Element `index` (negative: from the end) of an array; a scalar acts as a one-element array.
const JsonValue* Element(const JsonValue& v, int64_t index) {
  if (v.kind == Kind::Object) return nullptr;
  if (v.kind != Kind::Array) return index == 0 || index == -1 ? &v : nullptr;
  int64_t size = static_cast<int64_t>(v.elements.size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) return nullptr;
  return &v.elements[static_cast<size_t>(index)];
}

bool ParseIndex(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (*end != '\0') return false;
  *out = v;
  return true;
}

// The value at a text[] path, or null when any step is missing.
const JsonValue* AtPath(const JsonValue& root, const ArrayData& path) {
  const JsonValue* v = &root;
  for (const Value& step : path.elements) {
    if (step.is_null()) return nullptr;
    const std::string& key = step.as_bytes();
    if (v->kind == Kind::Object) {
      v = v->Member(key);
    } else if (v->kind == Kind::Array) {
      int64_t index;
      if (!ParseIndex(key, &index)) return nullptr;
      v = Element(*v, index);
    } else {
      return nullptr;
    }
    if (v == nullptr) return nullptr;
  }
  return v;
}

template <bool kJsonb, bool kText>
Status FieldOp(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  const JsonValue* r = v.Member(a[1].as_bytes());
  if (r == nullptr) return Ok(out, Value());
  return Ok(out, kText ? AsText<kJsonb>(*r) : Out<kJsonb>(*r));
}

template <bool kJsonb, bool kText>
Status ElementOp(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  if (!kJsonb && v.kind != Kind::Array) return Ok(out, Value());
  const JsonValue* r = Element(v, a[1].as_int());
  if (r == nullptr) return Ok(out, Value());
  return Ok(out, kText ? AsText<kJsonb>(*r) : Out<kJsonb>(*r));
}

template <bool kJsonb, bool kText>
Status PathOp(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  const JsonValue* r = AtPath(v, DecodeArray(a[1].as_bytes()));
  if (r == nullptr) return Ok(out, Value());
  return Ok(out, kText ? AsText<kJsonb>(*r) : Out<kJsonb>(*r));
}

bool HasKey(const JsonValue& v, const std::string& key) {
  if (v.kind == Kind::Object) return v.Member(key) != nullptr;
  if (v.kind == Kind::Array) {
    for (const JsonValue& e : v.elements)
      if (e.kind == Kind::String && e.scalar == key) return true;
    return false;
  }
  return v.kind == Kind::String && v.scalar == key;
}

Status Exists(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  return Ok(out, Value::Bool(HasKey(v, a[1].as_bytes())));
}

template <bool kAll>
Status ExistsMany(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  for (const Value& k : DecodeArray(a[1].as_bytes()).elements) {
    if (k.is_null()) continue;
    bool has = HasKey(v, k.as_bytes());
    if (has != kAll) return Ok(out, Value::Bool(!kAll));
  }
  return Ok(out, Value::Bool(kAll));
}

template <bool kReversed>
Status Contains(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue x, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(JsonValue y, Arg(a[1]));
  return Ok(out, Value::Bool(kReversed ? JsonContains(y, x) : JsonContains(x, y)));
}

Status Concat(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue x, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(JsonValue y, Arg(a[1]));
  if (x.kind == Kind::Object && y.kind == Kind::Object) {
    for (auto& m : y.members) x.members.push_back(std::move(m));
    NormalizeJsonb(&x);  // the right side's value wins a shared key
    return Ok(out, Jsonb(x));
  }
  JsonValue r = JsonValue::Array();
  for (JsonValue* side : {&x, &y}) {
    if (side->kind == Kind::Array) {
      for (auto& e : side->elements) r.elements.push_back(std::move(e));
    } else {
      r.elements.push_back(std::move(*side));
    }
  }
  return Ok(out, Jsonb(r));
}

Status DeleteKey(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  const std::string& key = a[1].as_bytes();
  if (v.kind == Kind::Object) {
    std::erase_if(v.members, [&](const auto& m) { return m.first == key; });
  } else if (v.kind == Kind::Array) {
    std::erase_if(v.elements, [&](const JsonValue& e) { return e.kind == Kind::String && e.scalar == key; });
  } else {
    return Status::Error("22023", "cannot delete from scalar");
  }
  return Ok(out, Jsonb(v));
}

Status DeleteKeys(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  if (!v.is_container()) return Status::Error("22023", "cannot delete from scalar");
  for (const Value& k : DecodeArray(a[1].as_bytes()).elements) {
    if (k.is_null()) continue;
    const std::string& key = k.as_bytes();
    std::erase_if(v.members, [&](const auto& m) { return m.first == key; });
    std::erase_if(v.elements, [&](const JsonValue& e) { return e.kind == Kind::String && e.scalar == key; });
  }
  return Ok(out, Jsonb(v));
}

Status DeleteIndex(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  if (v.kind == Kind::Object) return Status::Error("22023", "cannot delete from object using integer index");
  if (v.kind != Kind::Array) return Status::Error("22023", "cannot delete from scalar");
  int64_t size = static_cast<int64_t>(v.elements.size());
  int64_t index = a[1].as_int();
  if (index < 0) index += size;
  if (index >= 0 && index < size) v.elements.erase(v.elements.begin() + index);
  return Ok(out, Jsonb(v));
}

Status PathStepError(size_t position, const std::string& step) {
  return Status::Error("22P02", "path element at position " + std::to_string(position) +
                                    " is not an integer: \"" + step + "\"");
}

enum class PathEdit { Set, Insert, Delete };

// Walks `path` from `v` and applies the edit at its end (PostgreSQL's setPath):
// missing intermediate steps leave the document unchanged.
Status EditPath(JsonValue* v, const std::vector<Value>& path, size_t depth, PathEdit edit,
                const JsonValue* replacement, bool flag /* create_missing / insert_after */) {
  if (depth >= path.size()) return Status::OK();
  if (path[depth].is_null())
    return Status::Error("22004", "path element at position " + std::to_string(depth + 1) + " is null");
  const std::string& step = path[depth].as_bytes();
  bool last = depth + 1 == path.size();
  if (v->kind == Kind::Object) {
    auto it = std::find_if(v->members.begin(), v->members.end(), [&](const auto& m) { return m.first == step; });
    if (!last) {
      return it == v->members.end() ? Status::OK() : EditPath(&it->second, path, depth + 1, edit, replacement, flag);
    }
    if (edit == PathEdit::Delete) {
      if (it != v->members.end()) v->members.erase(it);
    } else if (it != v->members.end()) {
      if (edit == PathEdit::Insert)
        return Status::Error("22023", "cannot replace existing key")
            .with_hint("Try using the function jsonb_set to replace key value.");
      it->second = *replacement;
    } else if (edit == PathEdit::Insert || flag) {
      v->members.emplace_back(step, *replacement);
      NormalizeJsonb(v);
    }
    return Status::OK();
  }
  if (v->kind == Kind::Array) {
    int64_t index;
    if (!ParseIndex(step, &index)) return PathStepError(depth + 1, step);
    int64_t size = static_cast<int64_t>(v->elements.size());
    int64_t at = index < 0 ? index + size : index;
    if (!last) {
      if (at < 0 || at >= size) return Status::OK();
      return EditPath(&v->elements[static_cast<size_t>(at)], path, depth + 1, edit, replacement, flag);
    }
    switch (edit) {
      case PathEdit::Delete:
        if (at >= 0 && at < size) v->elements.erase(v->elements.begin() + at);
        break;
      case PathEdit::Set:
        if (at >= 0 && at < size) v->elements[static_cast<size_t>(at)] = *replacement;
        else if (flag) v->elements.insert(at < 0 ? v->elements.begin() : v->elements.end(), *replacement);
        break;
      case PathEdit::Insert: {
        int64_t pos = at < 0 ? 0 : at > size ? size : at + (flag && at < size ? 1 : 0);
        v->elements.insert(v->elements.begin() + pos, *replacement);
        break;
      }
    }
    return Status::OK();
  }
  return Status::OK();
}

Status DeletePath(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  if (!v.is_container()) return Status::Error("22023", "cannot delete path in scalar");
  PLINTH_RETURN_IF_ERROR(EditPath(&v, DecodeArray(a[1].as_bytes()).elements, 0, PathEdit::Delete, nullptr, false));
  return Ok(out, Jsonb(v));
}

Status JsonbSet(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(JsonValue replacement, Arg(a[2]));
  if (!v.is_container()) return Status::Error("22023", "cannot set path in scalar");
  bool create_missing = n < 4 || a[3].as_bool();
  PLINTH_RETURN_IF_ERROR(EditPath(&v, DecodeArray(a[1].as_bytes()).elements, 0, PathEdit::Set, &replacement, create_missing));
  return Ok(out, Jsonb(v));
}

Status JsonbInsert(FunctionCallContext&, const Value* a, size_t n, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  PLINTH_ASSIGN_OR_RETURN(JsonValue replacement, Arg(a[2]));
  if (!v.is_container()) return Status::Error("22023", "cannot set path in scalar");
  bool after = n >= 4 && a[3].as_bool();
  PLINTH_RETURN_IF_ERROR(EditPath(&v, DecodeArray(a[1].as_bytes()).elements, 0, PathEdit::Insert, &replacement, after));
  return Ok(out, Jsonb(v));
}

void StripNulls(JsonValue* v) {
  std::erase_if(v->members, [](const auto& m) { return m.second.kind == Kind::Null; });
  for (auto& m : v->members) StripNulls(&m.second);
  for (auto& e : v->elements) StripNulls(&e);
}

template <bool kJsonb>
Status StripNullsFn(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  StripNulls(&v);
  return Ok(out, Out<kJsonb>(v));
}

template <bool kJsonb>
Status ArrayLength(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  if (v.kind == Kind::Object) return Status::Error("22023", "cannot get array length of a non-array");
  if (v.kind != Kind::Array) return Status::Error("22023", "cannot get array length of a scalar");
  return Ok(out, Value::Int(static_cast<int64_t>(v.elements.size())));
}

Status TypeOf(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  static const char* const kNames[] = {"null", "boolean", "number", "string", "array", "object", "string"};
  return Ok(out, Value::Bytes(std::string(kNames[static_cast<int>(v.kind)])));
}

void AppendPretty(const JsonValue& v, int level, std::string* out) {
  std::string indent(static_cast<size_t>(level) * 4, ' ');
  std::string inner(static_cast<size_t>(level + 1) * 4, ' ');
  if (!v.is_container()) {
    out->append(JsonbText(v));
    return;
  }
  bool object = v.kind == Kind::Object;
  out->append(object ? "{\n" : "[\n");
  size_t count = object ? v.members.size() : v.elements.size();
  for (size_t i = 0; i < count; ++i) {
    out->append(inner);
    if (object) {
      AppendJsonString(v.members[i].first, out);
      out->append(": ");
    }
    AppendPretty(object ? v.members[i].second : v.elements[i], level + 1, out);
    out->append(i + 1 < count ? ",\n" : "\n");
  }
  out->append(indent);
  out->push_back(object ? '}' : ']');
}

Status Pretty(FunctionCallContext&, const Value* a, size_t, Value* out) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  std::string s;
  AppendPretty(v, 0, &s);
  return Ok(out, Value::Bytes(std::move(s)));
}

Oid ArgType(FunctionCallContext& ctx, size_t i) { return ctx.arg_types ? ctx.arg_types[i] : kText; }

template <bool kJsonb>
Status ToJson(FunctionCallContext& ctx, const Value* a, size_t, Value* out) {
  JsonValue v = DatumToJson(ArgType(ctx, 0), a[0], ctx.io);
  if (kJsonb) NormalizeJsonb(&v);  // a record's fields take jsonb's key order
  return Ok(out, Out<kJsonb>(v));
}

// row_to_json(record[, pretty]): the record as a compact json object ({"x":1,"y":"y"});
// pretty puts each top-level field on its own line.
Status RowToJson(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  JsonValue row = DatumToJson(oids::kRecord, a[0], ctx.io);
  if (n < 2 || !a[1].as_bool()) return Ok(out, Value::Bytes(JsonText(row)));
  std::string text = "{";
  for (size_t i = 0; i < row.members.size(); i++) {
    if (i) text += ",\n ";
    AppendJsonString(row.members[i].first, &text);
    text += ":" + JsonText(row.members[i].second);
  }
  return Ok(out, Value::Bytes(text + "}"));
}

// json_build_array prints ", " between its arguments (their insides stay compact).
template <bool kJsonb>
Status BuildArray(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  if (kJsonb) {
    JsonValue arr = JsonValue::Array();
    for (size_t i = 0; i < n; ++i) arr.elements.push_back(DatumToJson(ArgType(ctx, i), a[i], ctx.io));
    return Ok(out, Jsonb(arr));
  }
  std::string s = "[";
  for (size_t i = 0; i < n; ++i) {
    if (i) s += ", ";
    s += JsonText(DatumToJson(ArgType(ctx, i), a[i], ctx.io));
  }
  return Ok(out, Value::Bytes(s + "]"));
}

Status BuildObjectArgs(size_t n) {
  if (n % 2 != 0)
    return Status::Error("22023", "argument list must have even number of elements")
        .with_hint("The arguments of jsonb_build_object() must consist of alternating keys and values.");
  return Status::OK();
}

Status JsonbBuildObject(FunctionCallContext& ctx, const Value* a, size_t n, Value* out) {
  PLINTH_RETURN_IF_ERROR(BuildObjectArgs(n));
  JsonValue obj = JsonValue::Object();
  for (size_t i = 0; i < n; i += 2) {
    if (a[i].is_null()) return Status::Error("22004", "argument " + std::to_string(i + 1) + ": key must not be null");
    obj.members.emplace_back(OutputText(ArgType(ctx, i), a[i], ctx.io), DatumToJson(ArgType(ctx, i + 1), a[i + 1], ctx.io));
  }
  NormalizeJsonb(&obj);
  return Ok(out, Jsonb(obj));
}

// Set-returning functions.
template <bool kJsonb, bool kText>
Status Each(FunctionCallContext&, const Value* a, size_t, Rows* rows) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  if (v.kind != Kind::Object)
    return Status::Error("22023", std::string("cannot call ") + (kJsonb ? "jsonb" : "json") + "_each" +
                                      (kText ? "_text" : "") + " on a non-object");
  for (const auto& [key, value] : v.members)
    rows->push_back({Value::Bytes(key), kText ? AsText<kJsonb>(value) : Out<kJsonb>(value)});
  return Status::OK();
}

template <bool kJsonb, bool kText>
Status ArrayElements(FunctionCallContext&, const Value* a, size_t, Rows* rows) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  if (v.kind == Kind::Object) return Status::Error("22023", "cannot extract elements from an object");
  if (v.kind != Kind::Array) return Status::Error("22023", "cannot extract elements from a scalar");
  for (const JsonValue& e : v.elements) rows->push_back({kText ? AsText<kJsonb>(e) : Out<kJsonb>(e)});
  return Status::OK();
}

template <bool kJsonb>
Status ObjectKeys(FunctionCallContext&, const Value* a, size_t, Rows* rows) {
  PLINTH_ASSIGN_OR_RETURN(JsonValue v, Arg(a[0]));
  const char* name = kJsonb ? "jsonb_object_keys" : "json_object_keys";
  if (v.kind == Kind::Array) return Status::Error("22023", std::string("cannot call ") + name + " on an array");
  if (v.kind != Kind::Object) return Status::Error("22023", std::string("cannot call ") + name + " on a scalar");
  for (const auto& m : v.members) rows->push_back({Value::Bytes(m.first)});
  return Status::OK();
}

Status SetOnly(FunctionCallContext&, const Value*, size_t, Value*) {
  return Status::Error("0A000", "set-returning functions are not allowed here");
}

FunctionDef SetFunction(const char* name, Oid arg, Oid result, FunctionDef::SetImpl impl,
                        std::vector<std::pair<std::string, Oid>> columns) {
  FunctionDef def{name, {arg}, result, true, false, false, &SetOnly};
  def.returns_set = true;
  def.set_impl = impl;
  def.set_columns = std::move(columns);
  return def;
}

void Add(Registry& r, const char* name, std::vector<Oid> args, Oid result, ScalarImpl impl, bool variadic = false,
         bool strict = true) {
  r.Add({name, std::move(args), result, strict, false, variadic, impl});
}

}  // namespace

void RegisterJson(Registry& r) {
  Add(r, "->", {kJsonb, kText}, kJsonb, &FieldOp<true, false>);
  Add(r, "->>", {kJsonb, kText}, kText, &FieldOp<true, true>);
  Add(r, "->", {kJsonb, kInt4}, kJsonb, &ElementOp<true, false>);
  Add(r, "->>", {kJsonb, kInt4}, kText, &ElementOp<true, true>);
  Add(r, "#>", {kJsonb, kTextArray}, kJsonb, &PathOp<true, false>);
  Add(r, "#>>", {kJsonb, kTextArray}, kText, &PathOp<true, true>);
  Add(r, "->", {kJson, kText}, kJson, &FieldOp<false, false>);
  Add(r, "->>", {kJson, kText}, kText, &FieldOp<false, true>);
  Add(r, "->", {kJson, kInt4}, kJson, &ElementOp<false, false>);
  Add(r, "->>", {kJson, kInt4}, kText, &ElementOp<false, true>);
  Add(r, "#>", {kJson, kTextArray}, kJson, &PathOp<false, false>);
  Add(r, "#>>", {kJson, kTextArray}, kText, &PathOp<false, true>);
  Add(r, "?", {kJsonb, kText}, kBool, &Exists);
  Add(r, "?|", {kJsonb, kTextArray}, kBool, &ExistsMany<false>);
  Add(r, "?&", {kJsonb, kTextArray}, kBool, &ExistsMany<true>);
  Add(r, "@>", {kJsonb, kJsonb}, kBool, &Contains<false>);
  Add(r, "<@", {kJsonb, kJsonb}, kBool, &Contains<true>);
  Add(r, "||", {kJsonb, kJsonb}, kJsonb, &Concat);
  Add(r, "-", {kJsonb, kText}, kJsonb, &DeleteKey);
  Add(r, "-", {kJsonb, kTextArray}, kJsonb, &DeleteKeys);
  Add(r, "-", {kJsonb, kInt4}, kJsonb, &DeleteIndex);
  Add(r, "#-", {kJsonb, kTextArray}, kJsonb, &DeletePath);
  Add(r, "jsonb_exists", {kJsonb, kText}, kBool, &Exists);
  Add(r, "jsonb_contains", {kJsonb, kJsonb}, kBool, &Contains<false>);
  Add(r, "jsonb_extract_path", {kJsonb, kTextArray}, kJsonb, &PathOp<true, false>);
  Add(r, "jsonb_extract_path_text", {kJsonb, kTextArray}, kText, &PathOp<true, true>);
  Add(r, "jsonb_set", {kJsonb, kTextArray, kJsonb}, kJsonb, &JsonbSet);
  Add(r, "jsonb_set", {kJsonb, kTextArray, kJsonb, kBool}, kJsonb, &JsonbSet);
  Add(r, "jsonb_insert", {kJsonb, kTextArray, kJsonb}, kJsonb, &JsonbInsert);
  Add(r, "jsonb_insert", {kJsonb, kTextArray, kJsonb, kBool}, kJsonb, &JsonbInsert);
  Add(r, "jsonb_strip_nulls", {kJsonb}, kJsonb, &StripNullsFn<true>);
  Add(r, "json_strip_nulls", {kJson}, kJson, &StripNullsFn<false>);
  Add(r, "jsonb_array_length", {kJsonb}, kInt4, &ArrayLength<true>);
  Add(r, "json_array_length", {kJson}, kInt4, &ArrayLength<false>);
  Add(r, "jsonb_typeof", {kJsonb}, kText, &TypeOf);
  Add(r, "json_typeof", {kJson}, kText, &TypeOf);
  Add(r, "jsonb_pretty", {kJsonb}, kText, &Pretty);
  Add(r, "to_json", {oids::kAnyElement}, kJson, &ToJson<false>);
  Add(r, "to_jsonb", {oids::kAnyElement}, kJsonb, &ToJson<true>);
  Add(r, "row_to_json", {oids::kRecord}, kJson, &RowToJson);
  Add(r, "row_to_json", {oids::kRecord, kBool}, kJson, &RowToJson);
  Add(r, "json_build_array", {}, kJson, &BuildArray<false>, true, false);
  Add(r, "json_build_array", {}, kJson, &BuildArray<false>, false, false);
  Add(r, "jsonb_build_array", {}, kJsonb, &BuildArray<true>, true, false);
  Add(r, "jsonb_build_array", {}, kJsonb, &BuildArray<true>, false, false);
  Add(r, "jsonb_build_object", {}, kJsonb, &JsonbBuildObject, true, false);
  Add(r, "jsonb_build_object", {}, kJsonb, &JsonbBuildObject, false, false);
  r.Add(SetFunction("jsonb_each", kJsonb, oids::kRecord, &Each<true, false>, {{"key", kText}, {"value", kJsonb}}));
  r.Add(SetFunction("jsonb_each_text", kJsonb, oids::kRecord, &Each<true, true>, {{"key", kText}, {"value", kText}}));
  r.Add(SetFunction("json_each", kJson, oids::kRecord, &Each<false, false>, {{"key", kText}, {"value", kJson}}));
  r.Add(SetFunction("json_each_text", kJson, oids::kRecord, &Each<false, true>, {{"key", kText}, {"value", kText}}));
  r.Add(SetFunction("jsonb_array_elements", kJsonb, kJsonb, &ArrayElements<true, false>, {{"value", kJsonb}}));
  r.Add(SetFunction("jsonb_array_elements_text", kJsonb, kText, &ArrayElements<true, true>, {{"value", kText}}));
  r.Add(SetFunction("json_array_elements", kJson, kJson, &ArrayElements<false, false>, {{"value", kJson}}));
  r.Add(SetFunction("json_array_elements_text", kJson, kText, &ArrayElements<false, true>, {{"value", kText}}));
  r.Add(SetFunction("jsonb_object_keys", kJsonb, kText, &ObjectKeys<true>, {}));
  r.Add(SetFunction("json_object_keys", kJson, kText, &ObjectKeys<false>, {}));
}

}  // namespace plinth::functions
