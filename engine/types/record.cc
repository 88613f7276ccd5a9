#include "engine/types/record.h"

#include <map>
#include <mutex>

namespace plinth {

namespace {

struct Shapes {
  std::mutex mu;
  std::vector<std::vector<RecordField>> by_id;  // append-only: ids stay valid
  std::map<std::vector<std::pair<std::string, Oid>>, int32_t> ids;
};

Shapes& TheShapes() {
  static Shapes* shapes = new Shapes();  // never destroyed: values may outlive statics
  return *shapes;
}

}  // namespace

int32_t RegisterRecordShape(const std::vector<RecordField>& fields) {
  Shapes& s = TheShapes();
  std::vector<std::pair<std::string, Oid>> key;
  for (const RecordField& f : fields) key.emplace_back(f.name, f.type);
  std::lock_guard<std::mutex> lock(s.mu);
  auto it = s.ids.find(key);
  if (it != s.ids.end()) return it->second;
  auto id = static_cast<int32_t>(s.by_id.size());
  s.by_id.push_back(fields);
  s.ids.emplace(std::move(key), id);
  return id;
}

const std::vector<RecordField>* RecordShape(int32_t id) {
  Shapes& s = TheShapes();
  std::lock_guard<std::mutex> lock(s.mu);
  if (id < 0 || static_cast<size_t>(id) >= s.by_id.size()) return nullptr;
  return &s.by_id[static_cast<size_t>(id)];  // vector of vectors: the inner one never moves
}

// The array encoding, with the shape id where an array keeps its lower bound.
std::string EncodeRecord(int32_t shape, const std::vector<Value>& values) {
  return EncodeArray(ArrayData{shape, values});
}

std::pair<int32_t, std::vector<Value>> DecodeRecord(std::string_view payload) {
  ArrayData a = DecodeArray(payload);
  return {a.lower_bound, std::move(a.elements)};
}

void FormatRecord(const Value& v, const IoContext& io, std::string* out) {
  auto [shape_id, values] = DecodeRecord(v.as_bytes());
  const std::vector<RecordField>* shape = RecordShape(shape_id);
  out->push_back('(');
  for (size_t i = 0; i < values.size(); i++) {
    if (i) out->push_back(',');
    if (values[i].is_null()) continue;
    Oid type = shape && i < shape->size() ? (*shape)[i].type : oids::kText;
    std::string text = OutputText(type, values[i], io);
    bool quote = text.empty() || text.find_first_of(",()\"\\ \t\n") != std::string::npos;
    if (!quote) {
      out->append(text);
      continue;
    }
    out->push_back('"');
    for (char c : text) {
      if (c == '"' || c == '\\') out->push_back(c);
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->push_back(')');
}

}  // namespace plinth
