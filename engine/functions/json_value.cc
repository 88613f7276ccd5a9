#include "engine/functions/json_value.h"

#include <algorithm>
#include <cctype>

#include "engine/types/numeric.h"
#include "engine/types/record.h"
#include "engine/types/utf8.h"

namespace plinth::functions {
namespace {

Status Invalid() {
  return Status::Error("22P02", "invalid input syntax for type json")
      .with_detail("The input string ended unexpectedly or contains an invalid token.");
}

// A recursive-descent parser over RFC 8259 json; numbers keep their source text.
class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<JsonValue> Document() {
    PLINTH_ASSIGN_OR_RETURN(JsonValue v, Value(0));
    Skip();
    if (i_ != s_.size()) return Invalid();
    return v;
  }

 private:
  void Skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  Result<JsonValue> Value(int depth) {
    if (depth > 6400) return Status::Error("54001", "stack depth limit exceeded");
    Skip();
    if (i_ >= s_.size()) return Invalid();
    char c = s_[i_];
    if (c == '{') return ObjectValue(depth);
    if (c == '[') return ArrayValue(depth);
    if (c == '"') {
      PLINTH_ASSIGN_OR_RETURN(std::string text, StringBody());
      return JsonValue::String(std::move(text));
    }
    if (Literal("true")) return JsonValue::Bool(true);
    if (Literal("false")) return JsonValue::Bool(false);
    if (Literal("null")) return JsonValue{};
    return NumberValue();
  }

  Result<JsonValue> ObjectValue(int depth) {
    ++i_;
    JsonValue obj = JsonValue::Object();
    Skip();
    if (i_ < s_.size() && s_[i_] == '}') { ++i_; return obj; }
    while (true) {
      Skip();
      if (i_ >= s_.size() || s_[i_] != '"') return Invalid();
      PLINTH_ASSIGN_OR_RETURN(std::string key, StringBody());
      Skip();
      if (i_ >= s_.size() || s_[i_] != ':') return Invalid();
      ++i_;
      PLINTH_ASSIGN_OR_RETURN(JsonValue v, Value(depth + 1));
      obj.members.emplace_back(std::move(key), std::move(v));
      Skip();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == '}') { ++i_; return obj; }
      return Invalid();
    }
  }

  Result<JsonValue> ArrayValue(int depth) {
    ++i_;
    JsonValue arr = JsonValue::Array();
    Skip();
    if (i_ < s_.size() && s_[i_] == ']') { ++i_; return arr; }
    while (true) {
      PLINTH_ASSIGN_OR_RETURN(JsonValue v, Value(depth + 1));
      arr.elements.push_back(std::move(v));
      Skip();
      if (i_ < s_.size() && s_[i_] == ',') { ++i_; continue; }
      if (i_ < s_.size() && s_[i_] == ']') { ++i_; return arr; }
      return Invalid();
    }
  }

  Result<uint32_t> Hex4() {
    if (i_ + 4 > s_.size()) return Invalid();
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return Invalid();
    }
    return v;
  }

  Result<std::string> StringBody() {
    ++i_;  // the opening quote
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (static_cast<unsigned char>(c) < 0x20) return Invalid();
      if (c != '\\') { out.push_back(c); continue; }
      if (i_ >= s_.size()) return Invalid();
      char e = s_[i_++];
      switch (e) {
        case '"': case '\\': case '/': out.push_back(e); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          PLINTH_ASSIGN_OR_RETURN(uint32_t cp, Hex4());
          if (cp >= 0xd800 && cp <= 0xdbff && s_.substr(i_, 2) == "\\u") {
            i_ += 2;
            PLINTH_ASSIGN_OR_RETURN(uint32_t low, Hex4());
            if (low < 0xdc00 || low > 0xdfff) return Invalid();
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          }
          if (cp == 0) return Status::Error("22P05", "unsupported Unicode escape sequence");
          AppendUtf8(cp, &out);
          break;
        }
        default: return Invalid();
      }
    }
    if (i_ >= s_.size()) return Invalid();
    ++i_;  // the closing quote
    return out;
  }

  Result<JsonValue> NumberValue() {
    size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    size_t digits = i_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (i_ == digits) return Invalid();
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      size_t frac = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == frac) return Invalid();
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      size_t exp = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ == exp) return Invalid();
    }
    return JsonValue::Number(std::string(s_.substr(start, i_ - start)));
  }

  std::string_view s_;
  size_t i_ = 0;
};

void AppendJsonb(const JsonValue& v, std::string* out) {
  switch (v.kind) {
    case JsonValue::Kind::Null: out->append("null"); break;
    case JsonValue::Kind::Bool:
    case JsonValue::Kind::Raw: out->append(v.scalar); break;
    case JsonValue::Kind::Number: {
      auto n = Numeric::Parse(v.scalar);  // jsonb prints numbers as numeric does
      out->append(n.ok() ? n->ToString() : v.scalar);
      break;
    }
    case JsonValue::Kind::String: AppendJsonString(v.scalar, out); break;
    case JsonValue::Kind::Array:
      out->push_back('[');
      for (size_t i = 0; i < v.elements.size(); ++i) {
        if (i) out->append(", ");
        AppendJsonb(v.elements[i], out);
      }
      out->push_back(']');
      break;
    case JsonValue::Kind::Object:
      out->push_back('{');
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i) out->append(", ");
        AppendJsonString(v.members[i].first, out);
        out->append(": ");
        AppendJsonb(v.members[i].second, out);
      }
      out->push_back('}');
      break;
  }
}

void AppendJson(const JsonValue& v, std::string* out) {
  switch (v.kind) {
    case JsonValue::Kind::Array:
      out->push_back('[');
      for (size_t i = 0; i < v.elements.size(); ++i) {
        if (i) out->push_back(',');
        AppendJson(v.elements[i], out);
      }
      out->push_back(']');
      break;
    case JsonValue::Kind::Object:
      out->push_back('{');
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i) out->push_back(',');
        AppendJsonString(v.members[i].first, out);
        out->push_back(':');
        AppendJson(v.members[i].second, out);
      }
      out->push_back('}');
      break;
    case JsonValue::Kind::Number: out->append(v.scalar); break;
    default: AppendJsonb(v, out);
  }
}

}  // namespace

const JsonValue* JsonValue::Member(std::string_view key) const {
  if (kind != Kind::Object) return nullptr;
  for (auto it = members.rbegin(); it != members.rend(); ++it)  // json: the last duplicate
    if (it->first == key) return &it->second;
  return nullptr;
}

Result<JsonValue> ParseJson(std::string_view text) { return Parser(text).Document(); }

void NormalizeJsonb(JsonValue* v) {
  for (JsonValue& e : v->elements) NormalizeJsonb(&e);
  if (v->kind != JsonValue::Kind::Object) return;
  std::vector<std::pair<std::string, JsonValue>> unique;
  for (auto it = v->members.rbegin(); it != v->members.rend(); ++it) {
    bool seen = std::any_of(unique.begin(), unique.end(), [&](const auto& m) { return m.first == it->first; });
    if (!seen) unique.push_back(std::move(*it));
  }
  for (auto& m : unique) NormalizeJsonb(&m.second);
  std::sort(unique.begin(), unique.end(), [](const auto& a, const auto& b) {
    if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();
    return a.first < b.first;
  });
  v->members = std::move(unique);
}

std::string JsonbText(const JsonValue& v) {
  std::string out;
  AppendJsonb(v, &out);
  return out;
}

std::string JsonText(const JsonValue& v) {
  std::string out;
  AppendJson(v, &out);
  return out;
}

// A field or element inside a record or array: a jsonb one keeps jsonb's own text
// ({"a": 1}, spaced), as PostgreSQL's datum_to_json appends it, even inside compact json.
JsonValue NestedDatumToJson(Oid type, const Value& v, const IoContext& io) {
  if (type != oids::kJsonb || v.is_null()) return DatumToJson(type, v, io);
  JsonValue raw;
  raw.kind = JsonValue::Kind::Raw;
  raw.scalar = v.as_bytes();
  return raw;
}

std::string JsonDatetimeText(Oid type, const Value& v, const IoContext& io) {
  IoContext iso = io;
  iso.datestyle = "ISO, MDY";
  std::string text = OutputText(type, v, iso);
  if (type == oids::kDate) return text;
  // "2020-01-02 10:00:00+05:30": the date and time joined by T, and a whole-hour zone
  // offset ("+02") written out in full ("+02:00").
  size_t space = text.find(' ');
  if (space == std::string::npos) return text;  // infinity, -infinity
  text[space] = 'T';
  size_t sign = text.find_first_of("+-", space);
  if (type == oids::kTimestamptz && sign != std::string::npos && text.size() - sign == 3) text += ":00";
  return text;
}

JsonValue DatumToJson(Oid type, const Value& v, const IoContext& io) {
  if (v.is_null()) return JsonValue{};
  switch (type) {
    case oids::kBool: return JsonValue::Bool(v.as_bool());
    case oids::kInt2: case oids::kInt4: case oids::kInt8: case oids::kOid:
    case oids::kFloat4: case oids::kFloat8: case oids::kNumeric: {
      std::string text = OutputText(type, v, io);
      // NaN and the infinities are not json numbers.
      if (text == "NaN" || text == "Infinity" || text == "-Infinity") return JsonValue::String(text);
      return JsonValue::Number(text);
    }
    case oids::kJson: {
      JsonValue raw;
      raw.kind = JsonValue::Kind::Raw;
      raw.scalar = v.as_bytes();
      return raw;
    }
    case oids::kJsonb: {
      auto parsed = ParseJson(v.as_bytes());
      return parsed.ok() ? parsed.take() : JsonValue{};
    }
    case oids::kDate: case oids::kTimestamp: case oids::kTimestamptz:
      return JsonValue::String(JsonDatetimeText(type, v, io));
    default: break;
  }
  if (type == oids::kRecord) {  // an object of the record's fields, in order
    auto [shape_id, fields] = DecodeRecord(v.as_bytes());
    const std::vector<RecordField>* shape = RecordShape(shape_id);
    JsonValue obj = JsonValue::Object();
    for (size_t i = 0; i < fields.size(); i++) {
      bool known = shape && i < shape->size();
      std::string name = known ? (*shape)[i].name : "f" + std::to_string(i + 1);
      obj.members.emplace_back(std::move(name), NestedDatumToJson(known ? (*shape)[i].type : oids::kText, fields[i], io));
    }
    return obj;
  }
  if (IsArrayType(type)) {
    Oid elem = LookupType(type)->elem;
    JsonValue arr = JsonValue::Array();
    for (const Value& e : DecodeArray(v.as_bytes()).elements) arr.elements.push_back(NestedDatumToJson(elem, e, io));
    return arr;
  }
  return JsonValue::String(OutputText(type, v, io));
}

bool JsonEquals(const JsonValue& a, const JsonValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case JsonValue::Kind::Number: {
      auto x = Numeric::Parse(a.scalar), y = Numeric::Parse(b.scalar);
      return x.ok() && y.ok() ? Numeric::Compare(*x, *y) == 0 : a.scalar == b.scalar;
    }
    case JsonValue::Kind::Array:
      if (a.elements.size() != b.elements.size()) return false;
      for (size_t i = 0; i < a.elements.size(); ++i)
        if (!JsonEquals(a.elements[i], b.elements[i])) return false;
      return true;
    case JsonValue::Kind::Object:
      if (a.members.size() != b.members.size()) return false;
      for (const auto& [key, value] : a.members) {
        const JsonValue* other = b.Member(key);
        if (other == nullptr || !JsonEquals(value, *other)) return false;
      }
      return true;
    default: return a.scalar == b.scalar;
  }
}

// jsonb @>: objects contain every pair of the right side (values recursively); arrays
// contain every element of the right side somewhere (scalars equal, containers
// contained); an array also contains a lone scalar that is one of its elements.
bool JsonContains(const JsonValue& a, const JsonValue& b) {
  if (a.kind == JsonValue::Kind::Array && !b.is_container()) {
    for (const JsonValue& e : a.elements)
      if (!e.is_container() && JsonEquals(e, b)) return true;
    return false;
  }
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case JsonValue::Kind::Object:
      for (const auto& [key, value] : b.members) {
        const JsonValue* mine = a.Member(key);
        if (mine == nullptr) return false;
        if (value.is_container() ? !JsonContains(*mine, value) : !JsonEquals(*mine, value)) return false;
      }
      return true;
    case JsonValue::Kind::Array:
      for (const JsonValue& want : b.elements) {
        bool found = false;
        for (const JsonValue& have : a.elements) {
          if (want.is_container() ? have.kind == want.kind && JsonContains(have, want) : JsonEquals(have, want)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    default: return JsonEquals(a, b);
  }
}

}  // namespace plinth::functions
