// json (validated, kept as written) and jsonb (canonical text: object keys ordered by
// length then bytes, the last duplicate key wins, numbers as numeric, PG spacing).
// Parsing uses nlohmann/json's SAX interface (Debian nlohmann-json3-dev), which hands
// over the source text of every non-integer number, so no digits are lost to double.
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "engine/types/io_internal.h"
#include "engine/types/numeric.h"

namespace plinth::io {
namespace {

struct Node {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  std::string scalar;  // number text, string contents, "true"/"false"
  std::vector<std::pair<std::string, Node>> members;
  std::vector<Node> elements;
};

// Builds a Node tree from SAX events.
class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return Put(Node{}); }
  bool boolean(bool b) override { Node n; n.kind = Node::Kind::Bool; n.scalar = b ? "true" : "false"; return Put(std::move(n)); }
  bool number_integer(number_integer_t v) override { return Number(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Number(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& s) override { return Number(s); }
  bool string(string_t& s) override { Node n; n.kind = Node::Kind::String; n.scalar = s; return Put(std::move(n)); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { Node n; n.kind = Node::Kind::Object; stack_.push_back(std::move(n)); keys_.emplace_back(); return true; }
  bool key(string_t& k) override { keys_.back() = k; return true; }
  bool end_object() override { keys_.pop_back(); return Close(); }
  bool start_array(std::size_t) override { Node n; n.kind = Node::Kind::Array; stack_.push_back(std::move(n)); keys_.emplace_back(); return true; }
  bool end_array() override { keys_.pop_back(); return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

  Node& root() { return root_; }
  bool number_error = false;

 private:
  bool Number(const std::string& text) {
    auto n = Numeric::Parse(text);
    if (!n.ok()) { number_error = true; return false; }
    Node node;
    node.kind = Node::Kind::Number;
    node.scalar = n->ToString();
    return Put(std::move(node));
  }
  bool Close() {
    Node done = std::move(stack_.back());
    stack_.pop_back();
    return Put(std::move(done));
  }
  bool Put(Node n) {
    if (stack_.empty()) { root_ = std::move(n); return true; }
    Node& parent = stack_.back();
    if (parent.kind == Node::Kind::Array) {
      parent.elements.push_back(std::move(n));
    } else {
      // Last duplicate wins: replace an existing member with the same key.
      for (auto& m : parent.members)
        if (m.first == keys_.back()) { m.second = std::move(n); return true; }
      parent.members.emplace_back(keys_.back(), std::move(n));
    }
    return true;
  }
  std::vector<Node> stack_;
  std::vector<std::string> keys_;
  Node root_;
};

// PostgreSQL's escape_json().
void AppendJsonString(const std::string& s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out->append(buf);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void AppendCanonical(Node& n, std::string* out) {
  switch (n.kind) {
    case Node::Kind::Null: out->append("null"); break;
    case Node::Kind::Bool:
    case Node::Kind::Number: out->append(n.scalar); break;
    case Node::Kind::String: AppendJsonString(n.scalar, out); break;
    case Node::Kind::Array:
      out->push_back('[');
      for (size_t i = 0; i < n.elements.size(); ++i) {
        if (i) out->append(", ");
        AppendCanonical(n.elements[i], out);
      }
      out->push_back(']');
      break;
    case Node::Kind::Object:
      std::sort(n.members.begin(), n.members.end(), [](const auto& a, const auto& b) {
        if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();
        return a.first < b.first;
      });
      out->push_back('{');
      for (size_t i = 0; i < n.members.size(); ++i) {
        if (i) out->append(", ");
        AppendJsonString(n.members[i].first, out);
        out->append(": ");
        AppendCanonical(n.members[i].second, out);
      }
      out->push_back('}');
      break;
  }
}

Result<Node> Parse(std::string_view text) {
  TreeBuilder builder;
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const std::exception&) {
    ok = false;
  }
  if (!ok) {
    if (builder.number_error)
      return Status::Error("22003", "value overflows numeric format");
    return Status::Error("22P02", "invalid input syntax for type json")
        .with_detail("The input string ended unexpectedly or contains an invalid token.");
  }
  return std::move(builder.root());
}

}  // namespace

Result<std::string> ValidateJson(std::string_view text) {
  PLINTH_RETURN_IF_ERROR(Parse(text).status());
  return std::string(text);
}

Result<std::string> CanonicalJsonb(std::string_view text) {
  PLINTH_ASSIGN_OR_RETURN(Node root, Parse(text));
  std::string out;
  AppendCanonical(root, &out);
  return out;
}

}  // namespace plinth::io
