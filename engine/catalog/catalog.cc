#include "engine/catalog/catalog.h"

#include <algorithm>

#include "engine/storage/codec.h"

namespace plinth {

namespace {
constexpr uint8_t kTableFormat = 1;
constexpr uint8_t kHeaderFormat = 1;

void PutInts(std::string* out, const std::vector<int>& v) {
  codec::PutVarint(out, v.size());
  for (int x : v) codec::PutVarint(out, static_cast<uint64_t>(x));
}
std::vector<int> GetInts(codec::Reader& r) {
  std::vector<int> v(r.Varint());
  for (int& x : v) x = static_cast<int>(r.Varint());
  return v;
}
}  // namespace

int TableDef::FindColumn(std::string_view col) const {
  for (size_t i = 0; i < columns.size(); i++)
    if (columns[i].name == col) return static_cast<int>(i);
  return -1;
}

std::string TableDef::Serialize() const {
  std::string out(1, static_cast<char>(kTableFormat));
  codec::PutVarint(&out, oid);
  codec::PutString(&out, schema);
  codec::PutString(&out, name);
  codec::PutVarint(&out, columns.size());
  for (const ColumnDef& c : columns) {
    codec::PutString(&out, c.name);
    codec::PutVarint(&out, c.type);
    codec::PutVarint(&out, static_cast<uint32_t>(c.typmod));
    out.push_back(c.not_null ? 1 : 0);
    codec::PutString(&out, c.default_sql);
    codec::PutString(&out, c.identity);
  }
  PutInts(&out, primary_key);
  codec::PutString(&out, pk_constraint_name);
  codec::PutVarint(&out, indexes.size());
  for (const IndexDef& ix : indexes) {
    codec::PutVarint(&out, ix.oid);
    codec::PutVarint(&out, ix.id);
    codec::PutString(&out, ix.name);
    PutInts(&out, ix.columns);
    out.push_back(static_cast<char>((ix.unique ? 1 : 0) | (ix.primary ? 2 : 0)));
  }
  codec::PutVarint(&out, checks.size());
  for (const CheckDef& ck : checks) {
    codec::PutString(&out, ck.name);
    codec::PutString(&out, ck.expr_sql);
  }
  codec::PutVarint(&out, next_index_id);
  return out;
}

Result<TableDef> TableDef::Deserialize(std::string_view bytes) {
  codec::Reader r(bytes);
  if (r.Byte() != kTableFormat) return Status::Error("XX001", "unknown table descriptor format in catalog");
  TableDef t;
  t.oid = static_cast<Oid>(r.Varint());
  t.schema = std::string(r.String());
  t.name = std::string(r.String());
  t.columns.resize(r.Varint());
  for (ColumnDef& c : t.columns) {
    c.name = std::string(r.String());
    c.type = static_cast<Oid>(r.Varint());
    c.typmod = static_cast<int32_t>(static_cast<uint32_t>(r.Varint()));
    c.not_null = r.Byte() != 0;
    c.default_sql = std::string(r.String());
    c.identity = std::string(r.String());
  }
  t.primary_key = GetInts(r);
  t.pk_constraint_name = std::string(r.String());
  t.indexes.resize(r.Varint());
  for (IndexDef& ix : t.indexes) {
    ix.oid = static_cast<Oid>(r.Varint());
    ix.id = static_cast<uint32_t>(r.Varint());
    ix.name = std::string(r.String());
    ix.columns = GetInts(r);
    uint8_t flags = r.Byte();
    ix.unique = flags & 1;
    ix.primary = flags & 2;
  }
  t.checks.resize(r.Varint());
  for (CheckDef& ck : t.checks) {
    ck.name = std::string(r.String());
    ck.expr_sql = std::string(r.String());
  }
  t.next_index_id = static_cast<uint32_t>(r.Varint());
  if (!r.ok()) return Status::Error("XX001", "corrupt table descriptor in catalog");
  return t;
}

std::shared_ptr<Catalog> Catalog::Empty() { return std::make_shared<Catalog>(); }

const TableDef* Catalog::FindTable(const std::string& schema, const std::string& name) const {
  auto it = table_names_.find({schema, name});
  return it == table_names_.end() ? nullptr : tables_.at(it->second).get();
}

const TableDef* Catalog::LookupTable(const std::string& schema, const std::string& name,
                                     const std::vector<std::string>& search_path) const {
  if (!schema.empty()) return FindTable(schema, name);
  for (const std::string& s : search_path)
    if (const TableDef* t = FindTable(s, name)) return t;
  return nullptr;
}

const TableDef* Catalog::TableByOid(Oid oid) const {
  auto it = tables_.find(oid);
  return it == tables_.end() ? nullptr : it->second.get();
}

bool Catalog::HasSchema(const std::string& schema) const {
  return std::find(schemas_.begin(), schemas_.end(), schema) != schemas_.end();
}

std::shared_ptr<Catalog> Catalog::Clone() const { return std::make_shared<Catalog>(*this); }

void Catalog::PutTable(TableDef def) {
  if (const TableDef* old = TableByOid(def.oid)) table_names_.erase({old->schema, old->name});
  table_names_[{def.schema, def.name}] = def.oid;
  Oid oid = def.oid;
  tables_[oid] = std::make_shared<const TableDef>(std::move(def));
}

void Catalog::DropTable(Oid oid) {
  if (const TableDef* old = TableByOid(oid)) {
    table_names_.erase({old->schema, old->name});
    tables_.erase(oid);
  }
}

void Catalog::PutSchema(const std::string& name) {
  if (!HasSchema(name)) schemas_.push_back(name);
}

std::string Catalog::SerializeHeader() const {
  std::string out(1, static_cast<char>(kHeaderFormat));
  codec::PutVarint(&out, next_oid_);
  codec::PutVarint(&out, version_);
  codec::PutVarint(&out, schemas_.size());
  for (const std::string& s : schemas_) codec::PutString(&out, s);
  return out;
}

Result<std::shared_ptr<Catalog>> Catalog::Load(std::string_view header,
                                               const std::vector<std::string>& table_blobs) {
  auto cat = std::make_shared<Catalog>();
  if (!header.empty()) {
    codec::Reader r(header);
    if (r.Byte() != kHeaderFormat) return Status::Error("XX001", "unknown catalog header format");
    cat->next_oid_ = static_cast<Oid>(r.Varint());
    cat->version_ = r.Varint();
    cat->schemas_.resize(r.Varint());
    for (std::string& s : cat->schemas_) s = std::string(r.String());
    if (!r.ok()) return Status::Error("XX001", "corrupt catalog header");
  }
  for (const std::string& blob : table_blobs) {
    PLINTH_ASSIGN_OR_RETURN(TableDef t, TableDef::Deserialize(blob));
    cat->PutTable(std::move(t));
  }
  return cat;
}

}  // namespace plinth
