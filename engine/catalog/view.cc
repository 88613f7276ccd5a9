#include "engine/catalog/view.h"

#include "engine/storage/codec.h"

namespace plinth {

namespace {
constexpr uint8_t kViewFormat = 'V';
constexpr uint64_t kMaxCount = 100000;  // a corrupt count must not allocate gigabytes
}  // namespace

int ViewDef::FindColumn(std::string_view col) const {
  for (size_t i = 0; i < columns.size(); i++)
    if (columns[i].name == col) return static_cast<int>(i);
  return -1;
}

bool ViewDef::IsViewBlob(std::string_view bytes) {
  return !bytes.empty() && static_cast<uint8_t>(bytes[0]) == kViewFormat;
}

std::string ViewDef::Serialize() const {
  std::string out(1, static_cast<char>(kViewFormat));
  codec::PutVarint(&out, oid);
  codec::PutString(&out, schema);
  codec::PutString(&out, name);
  codec::PutVarint(&out, columns.size());
  for (const ViewColumn& c : columns) {
    codec::PutString(&out, c.name);
    codec::PutVarint(&out, c.type);
    codec::PutVarint(&out, static_cast<uint32_t>(c.typmod));
  }
  codec::PutString(&out, query_sql);
  out.push_back(static_cast<char>(check_option));
  codec::PutVarint(&out, depends_on.size());
  for (Oid d : depends_on) codec::PutVarint(&out, d);
  codec::PutString(&out, comment);
  return out;
}

Result<ViewDef> ViewDef::Deserialize(std::string_view bytes) {
  Status corrupt = Status::Error("XX001", "corrupt view descriptor in catalog");
  codec::Reader r(bytes);
  if (r.Byte() != kViewFormat) return Status::Error("XX001", "unknown view descriptor format in catalog");
  ViewDef v;
  v.oid = static_cast<Oid>(r.Varint());
  v.schema = std::string(r.String());
  v.name = std::string(r.String());
  uint64_t n = r.Varint();
  if (!r.ok() || n > kMaxCount) return corrupt;
  v.columns.resize(n);
  for (ViewColumn& c : v.columns) {
    c.name = std::string(r.String());
    c.type = static_cast<Oid>(r.Varint());
    c.typmod = static_cast<int32_t>(static_cast<uint32_t>(r.Varint()));
  }
  v.query_sql = std::string(r.String());
  char check = static_cast<char>(r.Byte());
  if (check != 0 && check != 'l' && check != 'c') return corrupt;
  v.check_option = static_cast<ViewCheckOption>(check);
  n = r.Varint();
  if (!r.ok() || n > kMaxCount) return corrupt;
  for (uint64_t i = 0; i < n && r.ok(); i++) v.depends_on.push_back(static_cast<Oid>(r.Varint()));
  v.comment = std::string(r.String());
  if (!r.ok() || v.query_sql.empty()) return corrupt;
  return v;
}

}  // namespace plinth
