// json (validated, kept as written) and jsonb (canonical text: object keys ordered by
// length then bytes, the last duplicate key wins, numbers as numeric, PG spacing).
// Parsing is json_parser.h's, which accepts and reports exactly as PostgreSQL does and
// keeps every number's source text, so no digits are lost to double.
#include <algorithm>
#include <memory>
#include <vector>

#include "engine/types/io_internal.h"
#include "engine/types/json_parser.h"
#include "engine/types/numeric.h"

namespace plinth::io {
namespace {

using json::AppendJsonString;
using json::Node;

// jsonb keeps one member per key (the last one given) and numbers in numeric's form.
Status Normalize(Node* n) {
  switch (n->kind) {
    case Node::Kind::Number: {
      auto v = Numeric::Parse(n->scalar);
      if (!v.ok()) return Status::Error("22003", "value overflows numeric format");
      n->scalar = v->ToString();
      return Status::OK();
    }
    case Node::Kind::Array:
      for (Node& e : n->elements) PLINTH_RETURN_IF_ERROR(Normalize(&e));
      return Status::OK();
    case Node::Kind::Object: {
      std::vector<std::pair<std::string, Node>> kept;
      for (auto& m : n->members) {
        PLINTH_RETURN_IF_ERROR(Normalize(&m.second));
        auto same = std::find_if(kept.begin(), kept.end(), [&](const auto& k) { return k.first == m.first; });
        if (same != kept.end()) same->second = std::move(m.second);
        else kept.push_back(std::move(m));
      }
      n->members = std::move(kept);
      return Status::OK();
    }
    default:
      return Status::OK();
  }
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

Result<Node> ParseJsonb(std::string_view text) {
  PLINTH_ASSIGN_OR_RETURN(Node root, json::Parse(text, /*unescape=*/true));
  PLINTH_RETURN_IF_ERROR(Normalize(&root));
  return root;
}

}  // namespace

Result<std::string> ValidateJson(std::string_view text) {
  PLINTH_RETURN_IF_ERROR(json::Parse(text, /*unescape=*/false).status());
  return std::string(text);
}

Result<std::string> CanonicalJsonb(std::string_view text) {
  PLINTH_ASSIGN_OR_RETURN(Node root, ParseJsonb(text));
  std::string out;
  AppendCanonical(root, &out);
  return out;
}

}  // namespace plinth::io
