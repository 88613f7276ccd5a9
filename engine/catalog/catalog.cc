#include "engine/catalog/catalog.h"

#include <algorithm>
#include <cctype>

#include "engine/storage/codec.h"

namespace plinth {

namespace {
// The first byte of every catalog object says what it is and in which layout.
constexpr uint8_t kTableFormatV1 = 1;  // before indexes on expressions, FKs, comments
constexpr uint8_t kTableFormatV2 = 2;
constexpr uint8_t kSequenceFormat = 'S';
constexpr uint8_t kHeaderFormat = 1;

void PutInts(std::string* out, const std::vector<int>& v) {
  codec::PutVarint(out, v.size());
  for (int x : v) codec::PutVarint(out, static_cast<uint64_t>(static_cast<int64_t>(x)));
}
std::vector<int> GetInts(codec::Reader& r) {
  std::vector<int> v(r.ok() ? r.Varint() : 0);
  if (!r.ok() || v.size() > 100000) return {};
  for (int& x : v) x = static_cast<int>(static_cast<int64_t>(r.Varint()));
  return v;
}
void PutStrings(std::string* out, const std::vector<std::string>& v) {
  codec::PutVarint(out, v.size());
  for (const std::string& s : v) codec::PutString(out, s);
}
std::vector<std::string> GetStrings(codec::Reader& r) {
  uint64_t n = r.Varint();
  std::vector<std::string> v;
  for (uint64_t i = 0; r.ok() && i < n; i++) v.emplace_back(r.String());
  return v;
}
void PutI64(std::string* out, int64_t v) { codec::PutFixed64(out, static_cast<uint64_t>(v)); }
int64_t GetI64(codec::Reader& r) { return static_cast<int64_t>(r.Fixed64()); }

// Guards every count read from storage: a corrupt length must not allocate gigabytes.
template <typename T>
bool ResizeChecked(codec::Reader& r, std::vector<T>* v) {
  uint64_t n = r.Varint();
  if (!r.ok() || n > 100000) return false;
  v->resize(n);
  return true;
}
}  // namespace

int TableDef::FindColumn(std::string_view col) const {
  for (size_t i = 0; i < columns.size(); i++)
    if (columns[i].name == col) return static_cast<int>(i);
  return -1;
}

const IndexDef* TableDef::FindIndex(std::string_view index_name) const {
  for (const IndexDef& ix : indexes)
    if (ix.name == index_name) return &ix;
  return nullptr;
}

std::string TableDef::Serialize() const {
  std::string out(1, static_cast<char>(kTableFormatV2));
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
    codec::PutString(&out, c.comment);
  }
  PutInts(&out, primary_key);
  codec::PutString(&out, pk_constraint_name);
  codec::PutVarint(&out, indexes.size());
  for (const IndexDef& ix : indexes) {
    codec::PutVarint(&out, ix.oid);
    codec::PutVarint(&out, ix.id);
    codec::PutString(&out, ix.name);
    PutInts(&out, ix.columns);
    out.push_back(static_cast<char>((ix.unique ? 1 : 0) | (ix.primary ? 2 : 0) | (ix.constraint ? 4 : 0)));
    PutStrings(&out, ix.exprs);
    std::vector<int> desc(ix.descending.begin(), ix.descending.end());
    PutInts(&out, desc);
    codec::PutString(&out, ix.predicate_sql);
  }
  codec::PutVarint(&out, checks.size());
  for (const CheckDef& ck : checks) {
    codec::PutString(&out, ck.name);
    codec::PutString(&out, ck.expr_sql);
  }
  codec::PutVarint(&out, next_index_id);
  codec::PutVarint(&out, foreign_keys.size());
  for (const ForeignKeyDef& fk : foreign_keys) {
    codec::PutString(&out, fk.name);
    PutInts(&out, fk.columns);
    codec::PutVarint(&out, fk.ref_table);
    PutInts(&out, fk.ref_columns);
    out.push_back(static_cast<char>(fk.on_delete));
    out.push_back(static_cast<char>(fk.on_update));
  }
  out.push_back(temporary ? 1 : 0);
  codec::PutString(&out, comment);
  if (storage != 0) codec::PutVarint(&out, storage);  // optional trailer: older descriptors lack it
  return out;
}

Result<TableDef> TableDef::Deserialize(std::string_view bytes) {
  codec::Reader r(bytes);
  uint8_t format = r.Byte();
  if (format != kTableFormatV1 && format != kTableFormatV2)
    return Status::Error("XX001", "unknown table descriptor format in catalog");
  bool v2 = format == kTableFormatV2;
  TableDef t;
  Status corrupt = Status::Error("XX001", "corrupt table descriptor in catalog");
  t.oid = static_cast<Oid>(r.Varint());
  t.schema = std::string(r.String());
  t.name = std::string(r.String());
  if (!ResizeChecked(r, &t.columns)) return corrupt;
  for (ColumnDef& c : t.columns) {
    c.name = std::string(r.String());
    c.type = static_cast<Oid>(r.Varint());
    c.typmod = static_cast<int32_t>(static_cast<uint32_t>(r.Varint()));
    c.not_null = r.Byte() != 0;
    c.default_sql = std::string(r.String());
    c.identity = std::string(r.String());
    if (v2) c.comment = std::string(r.String());
  }
  t.primary_key = GetInts(r);
  t.pk_constraint_name = std::string(r.String());
  if (!ResizeChecked(r, &t.indexes)) return corrupt;
  for (IndexDef& ix : t.indexes) {
    ix.oid = static_cast<Oid>(r.Varint());
    ix.id = static_cast<uint32_t>(r.Varint());
    ix.name = std::string(r.String());
    ix.columns = GetInts(r);
    uint8_t flags = r.Byte();
    ix.unique = flags & 1;
    ix.primary = flags & 2;
    ix.constraint = flags & 4;
    if (v2) {
      ix.exprs = GetStrings(r);
      for (int d : GetInts(r)) ix.descending.push_back(d != 0);
      ix.predicate_sql = std::string(r.String());
    }
  }
  if (!ResizeChecked(r, &t.checks)) return corrupt;
  for (CheckDef& ck : t.checks) {
    ck.name = std::string(r.String());
    ck.expr_sql = std::string(r.String());
  }
  t.next_index_id = static_cast<uint32_t>(r.Varint());
  if (v2) {
    if (!ResizeChecked(r, &t.foreign_keys)) return corrupt;
    for (ForeignKeyDef& fk : t.foreign_keys) {
      fk.name = std::string(r.String());
      fk.columns = GetInts(r);
      fk.ref_table = static_cast<Oid>(r.Varint());
      fk.ref_columns = GetInts(r);
      fk.on_delete = static_cast<FkAction>(r.Byte());
      fk.on_update = static_cast<FkAction>(r.Byte());
    }
    t.temporary = r.Byte() != 0;
    t.comment = std::string(r.String());
    if (!r.done()) t.storage = static_cast<Oid>(r.Varint());
  }
  if (!r.ok()) return corrupt;
  // Positions must name real columns, or later code would index out of bounds.
  auto valid = [&](const std::vector<int>& cols, bool allow_expr) {
    for (int c : cols)
      if (c >= static_cast<int>(t.columns.size()) || (c < 0 && !allow_expr)) return false;
    return true;
  };
  if (!valid(t.primary_key, false)) return corrupt;
  for (const IndexDef& ix : t.indexes)
    if (!valid(ix.columns, true)) return corrupt;
  for (const ForeignKeyDef& fk : t.foreign_keys)
    if (!valid(fk.columns, false) || fk.columns.size() != fk.ref_columns.size()) return corrupt;
  return t;
}

std::string SequenceDef::Serialize() const {
  std::string out(1, static_cast<char>(kSequenceFormat));
  codec::PutVarint(&out, oid);
  codec::PutString(&out, schema);
  codec::PutString(&out, name);
  codec::PutVarint(&out, type);
  PutI64(&out, start);
  PutI64(&out, increment);
  PutI64(&out, min);
  PutI64(&out, max);
  PutI64(&out, cache);
  out.push_back(cycle ? 1 : 0);
  codec::PutVarint(&out, owned_by_table);
  codec::PutString(&out, owned_by_column);
  return out;
}

Result<SequenceDef> SequenceDef::Deserialize(std::string_view bytes) {
  codec::Reader r(bytes);
  if (r.Byte() != kSequenceFormat) return Status::Error("XX001", "unknown sequence descriptor format in catalog");
  SequenceDef s;
  s.oid = static_cast<Oid>(r.Varint());
  s.schema = std::string(r.String());
  s.name = std::string(r.String());
  s.type = static_cast<Oid>(r.Varint());
  s.start = GetI64(r);
  s.increment = GetI64(r);
  s.min = GetI64(r);
  s.max = GetI64(r);
  s.cache = GetI64(r);
  s.cycle = r.Byte() != 0;
  s.owned_by_table = static_cast<Oid>(r.Varint());
  s.owned_by_column = std::string(r.String());
  if (!r.ok() || s.increment == 0) return Status::Error("XX001", "corrupt sequence descriptor in catalog");
  return s;
}

Result<std::vector<std::string>> SplitQualifiedName(std::string_view text) {
  std::vector<std::string> parts;
  size_t i = 0;
  Status bad = Status::Error("42602", "invalid name syntax");
  for (;;) {
    std::string part;
    if (i < text.size() && text[i] == '"') {
      for (i++;; i++) {
        if (i >= text.size()) return bad;
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') { part += '"'; i++; continue; }
          i++;
          break;
        }
        part += text[i];
      }
    } else {
      while (i < text.size() && text[i] != '.') part += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++])));
      while (!part.empty() && part.back() == ' ') part.pop_back();
      while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    }
    if (part.empty()) return bad;
    parts.push_back(std::move(part));
    if (i >= text.size()) break;
    if (text[i] != '.') return bad;
    i++;
  }
  if (parts.size() > 3) return bad;
  return parts;
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

const SequenceDef* Catalog::FindSequence(const std::string& schema, const std::string& name) const {
  auto it = sequence_names_.find({schema, name});
  return it == sequence_names_.end() ? nullptr : sequences_.at(it->second).get();
}

const SequenceDef* Catalog::LookupSequence(const std::string& schema, const std::string& name,
                                           const std::vector<std::string>& search_path) const {
  if (!schema.empty()) return FindSequence(schema, name);
  for (const std::string& s : search_path)
    if (const SequenceDef* q = FindSequence(s, name)) return q;
  return nullptr;
}

const SequenceDef* Catalog::SequenceByOid(Oid oid) const {
  auto it = sequences_.find(oid);
  return it == sequences_.end() ? nullptr : it->second.get();
}

const TableDef* Catalog::FindIndexTable(const std::string& schema, const std::string& index_name) const {
  for (const auto& [oid, t] : tables_)
    if (t->schema == schema && t->FindIndex(index_name)) return t.get();
  return nullptr;
}

const TableDef* Catalog::LookupIndexTable(const std::string& schema, const std::string& index_name,
                                          const std::vector<std::string>& search_path) const {
  if (!schema.empty()) return FindIndexTable(schema, index_name);
  for (const std::string& s : search_path)
    if (const TableDef* t = FindIndexTable(s, index_name)) return t;
  return nullptr;
}

bool Catalog::RelationExists(const std::string& schema, const std::string& name) const {
  if (FindTable(schema, name) || FindSequence(schema, name) || FindView(schema, name) || FindIndexTable(schema, name))
    return true;
  // A primary key's index is named after its constraint.
  for (const auto& [oid, t] : tables_)
    if (t->schema == schema && !t->primary_key.empty() && t->pk_constraint_name == name) return true;
  return false;
}

bool Catalog::HasSchema(const std::string& schema) const {
  return std::find(schemas_.begin(), schemas_.end(), schema) != schemas_.end();
}

std::unordered_set<Oid> Catalog::StorageRanges() const {
  std::unordered_set<Oid> ranges;
  for (const auto& [oid, t] : tables_) ranges.insert(t->storage_id());
  for (const auto& [oid, s] : sequences_) ranges.insert(oid);
  return ranges;
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

void Catalog::PutSequence(SequenceDef def) {
  if (const SequenceDef* old = SequenceByOid(def.oid)) sequence_names_.erase({old->schema, old->name});
  sequence_names_[{def.schema, def.name}] = def.oid;
  Oid oid = def.oid;
  sequences_[oid] = std::make_shared<const SequenceDef>(std::move(def));
}

void Catalog::DropSequence(Oid oid) {
  if (const SequenceDef* old = SequenceByOid(oid)) {
    sequence_names_.erase({old->schema, old->name});
    sequences_.erase(oid);
  }
}

const ViewDef* Catalog::FindView(const std::string& schema, const std::string& name) const {
  auto it = view_names_.find({schema, name});
  return it == view_names_.end() ? nullptr : views_.at(it->second).get();
}

const ViewDef* Catalog::LookupView(const std::string& schema, const std::string& name,
                                   const std::vector<std::string>& search_path) const {
  if (!schema.empty()) return FindView(schema, name);
  for (const std::string& s : search_path)
    if (const ViewDef* v = FindView(s, name)) return v;
  return nullptr;
}

const ViewDef* Catalog::ViewByOid(Oid oid) const {
  auto it = views_.find(oid);
  return it == views_.end() ? nullptr : it->second.get();
}

void Catalog::PutView(ViewDef def) {
  if (const ViewDef* old = ViewByOid(def.oid)) view_names_.erase({old->schema, old->name});
  view_names_[{def.schema, def.name}] = def.oid;
  Oid oid = def.oid;
  views_[oid] = std::make_shared<const ViewDef>(std::move(def));
}

void Catalog::DropView(Oid oid) {
  if (const ViewDef* old = ViewByOid(oid)) {
    view_names_.erase({old->schema, old->name});
    views_.erase(oid);
  }
}

void Catalog::PutSchema(const std::string& name) {
  if (!HasSchema(name)) schemas_.push_back(name);
}

void Catalog::DropSchema(const std::string& name) {
  schemas_.erase(std::remove(schemas_.begin(), schemas_.end(), name), schemas_.end());
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
                                               const std::vector<std::string>& object_blobs) {
  auto cat = std::make_shared<Catalog>();
  if (!header.empty()) {
    codec::Reader r(header);
    if (r.Byte() != kHeaderFormat) return Status::Error("XX001", "unknown catalog header format");
    cat->next_oid_ = static_cast<Oid>(r.Varint());
    cat->version_ = r.Varint();
    if (!ResizeChecked(r, &cat->schemas_)) return Status::Error("XX001", "corrupt catalog header");
    for (std::string& s : cat->schemas_) s = std::string(r.String());
    if (!r.ok()) return Status::Error("XX001", "corrupt catalog header");
  }
  for (const std::string& blob : object_blobs) {
    if (!blob.empty() && static_cast<uint8_t>(blob[0]) == kSequenceFormat) {
      PLINTH_ASSIGN_OR_RETURN(SequenceDef s, SequenceDef::Deserialize(blob));
      cat->PutSequence(std::move(s));
      continue;
    }
    if (ViewDef::IsViewBlob(blob)) {
      PLINTH_ASSIGN_OR_RETURN(ViewDef v, ViewDef::Deserialize(blob));
      cat->PutView(std::move(v));
      continue;
    }
    PLINTH_ASSIGN_OR_RETURN(TableDef t, TableDef::Deserialize(blob));
    cat->PutTable(std::move(t));
  }
  return cat;
}

}  // namespace plinth
