#include "host/embed/result_builder.h"

namespace plinth {

void ThrowSqlError(const Status& status) {
  const ErrorInfo& e = status.info();
  throw SqlError(e.sqlstate, e.message, e.detail, e.hint);
}

namespace detail {

namespace {

Field::Kind KindOf(Oid type) {
  switch (type) {
    case oids::kBool: return Field::Kind::Bool;
    case oids::kInt2:
    case oids::kInt4:
    case oids::kInt8:
    case oids::kOid: return Field::Kind::Int;
    case oids::kFloat4:
    case oids::kFloat8: return Field::Kind::Float;
    case oids::kBytea: return Field::Kind::Bytes;
    default: return Field::Kind::Text;
  }
}

}  // namespace

QueryResult ResultAccess::Build(StatementOutcome outcome, const IoContext& io) {
  auto columns = std::make_shared<std::vector<ColumnInfo>>();
  std::vector<Field::Kind> kinds;
  for (const OutputColumn& c : outcome.columns) {
    columns->push_back(ColumnInfo{c.name, c.type, c.typmod, FormatType(c.type, c.typmod)});
    kinds.push_back(KindOf(c.type));
  }
  QueryResult result;
  result.columns_ = columns;
  result.tag_ = std::move(outcome.tag);
  result.rows_.reserve(outcome.rows.size());
  for (Row& row : outcome.rows) {
    ResultRow out;
    out.columns_ = columns;
    out.fields_.resize(columns->size());
    for (size_t i = 0; i < columns->size() && i < row.size(); i++) {
      Field& f = out.fields_[i];
      f.type_oid_ = outcome.columns[i].type;
      const Value& v = row[i];
      if (v.is_null()) continue;  // Kind::Null
      f.kind_ = kinds[i];
      OutputText(f.type_oid_, v, io, &f.text_);
      switch (f.kind_) {
        case Field::Kind::Bool: f.int_ = v.as_bool() ? 1 : 0; break;
        case Field::Kind::Int: f.int_ = v.as_int(); break;
        case Field::Kind::Float: f.float_ = v.as_float(); break;
        case Field::Kind::Bytes: f.bytes_ = v.as_bytes(); break;
        default: break;
      }
    }
    result.rows_.push_back(std::move(out));
  }
  return result;
}

}  // namespace detail
}  // namespace plinth
