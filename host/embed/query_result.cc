// The public result types' out-of-line parts: typed reads with PostgreSQL-style errors.
#include <charconv>
#include <cstdlib>

#include "plinth/query_result.h"

namespace plinth {

namespace {

const char* KindName(Field::Kind kind) {
  switch (kind) {
    case Field::Kind::Null: return "null";
    case Field::Kind::Bool: return "boolean";
    case Field::Kind::Int: return "integer";
    case Field::Kind::Float: return "floating-point";
    case Field::Kind::Text: return "text";
    case Field::Kind::Bytes: return "bytea";
  }
  return "unknown";
}

constexpr uint32_t kNumericOid = 1700;

}  // namespace

// --- Field ---

namespace {
[[noreturn]] void Mismatch(Field::Kind have, const char* wanted) {
  if (have == Field::Kind::Null) throw SqlError("22004", std::string("null value read as ") + wanted);
  throw SqlError("42804", std::string("cannot read a ") + KindName(have) + " value as " + wanted);
}
}  // namespace

bool Field::as_bool() const {
  if (kind_ != Kind::Bool) Mismatch(kind_, "boolean");
  return int_ != 0;
}

int64_t Field::as_int() const {
  if (kind_ != Kind::Int) Mismatch(kind_, "integer");
  return int_;
}

double Field::as_double() const {
  if (kind_ == Kind::Float) return float_;
  if (kind_ == Kind::Int) return static_cast<double>(int_);
  if (kind_ == Kind::Text && type_oid_ == kNumericOid) return std::strtod(text_.c_str(), nullptr);
  Mismatch(kind_, "double");
}

const std::string& Field::as_bytes() const {
  if (kind_ != Kind::Bytes) Mismatch(kind_, "bytea");
  return bytes_;
}

const std::string& Field::text() const {
  if (kind_ == Kind::Null) Mismatch(kind_, "text");
  return text_;
}

void Field::OutOfRange(size_t bytes, bool is_signed) const {
  throw SqlError("22003", "value " + std::to_string(int_) + " is out of range for " +
                              (is_signed ? "a signed " : "an unsigned ") + std::to_string(bytes * 8) + "-bit integer");
}

// --- ResultRow ---

const Field& ResultRow::operator[](size_t index) const {
  if (index >= fields_.size())
    throw SqlError("42703", "column number " + std::to_string(index) + " is out of range: the row has " +
                                std::to_string(fields_.size()) + " columns");
  return fields_[index];
}

const Field& ResultRow::operator[](std::string_view column) const {
  for (size_t i = 0; i < columns_->size(); i++)
    if ((*columns_)[i].name == column) return fields_[i];
  throw SqlError("42703", "column \"" + std::string(column) + "\" does not exist in the result");
}

void ResultRow::CheckArity(size_t wanted) const {
  if (wanted != fields_.size())
    throw SqlError("42804", "the row has " + std::to_string(fields_.size()) + " columns, but " +
                                std::to_string(wanted) + " were requested");
}

// --- QueryResult ---

const ResultRow& QueryResult::operator[](size_t index) const {
  if (index >= rows_.size())
    throw SqlError("42703", "row number " + std::to_string(index) + " is out of range: the result has " +
                                std::to_string(rows_.size()) + " rows");
  return rows_[index];
}

uint64_t QueryResult::rows_affected() const {
  size_t space = tag_.rfind(' ');
  if (space == std::string::npos) return 0;
  uint64_t n = 0;
  const char* begin = tag_.data() + space + 1;
  const char* end = tag_.data() + tag_.size();
  auto [ptr, ec] = std::from_chars(begin, end, n);
  return ec == std::errc() && ptr == end ? n : 0;
}

const Field& QueryResult::ScalarField() const {
  if (rows_.size() != 1 || columns_->size() != 1)
    throw SqlError("21000", "expected one row of one column, the result has " + std::to_string(rows_.size()) +
                                " rows of " + std::to_string(columns_->size()) + " columns");
  return rows_[0][0];
}

// --- Param ---

Param::Param(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  text_ = std::string(buf, end);
}

Param Param::Bytes(std::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text = "\\x";
  text.reserve(2 + raw.size() * 2);
  for (unsigned char c : raw) {
    text.push_back(kHex[c >> 4]);
    text.push_back(kHex[c & 15]);
  }
  return Param(std::move(text));
}

}  // namespace plinth
