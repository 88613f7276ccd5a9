// What a statement returns through the embedding API: the columns, the rows (fully
// read into memory), and the command tag. Values are typed: an integer column reads as
// int64_t, a boolean as bool, a float as double; every value also has the text
// PostgreSQL would send a client (what psql prints), so nothing is lost for types
// without a C++ counterpart (numeric, timestamptz, uuid, json, arrays...).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "plinth/embed_export.h"
#include "plinth/sql_error.h"

namespace plinth {

namespace detail {
struct ResultAccess;  // the library's way in (host/embed/result_builder.cc)
template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};
template <class> inline constexpr bool kUnsupported = false;
}  // namespace detail

// One result column.
struct ColumnInfo {
  std::string name;
  uint32_t type_oid = 0;   // PostgreSQL type OID: 23 integer, 25 text, 1700 numeric...
  int32_t typmod = -1;
  std::string type_name;   // as format_type() spells it: "integer", "character varying(10)"
};

// One value of a row.
class PLINTH_EMBED_API Field {
 public:
  // How the value is held. Types without a C++ counterpart are Text.
  enum class Kind : uint8_t {
    Null,
    Bool,   // boolean
    Int,    // smallint, integer, bigint, oid
    Float,  // real, double precision
    Text,   // everything else, in PostgreSQL's text output
    Bytes,  // bytea (raw bytes; text() is the \x hex form)
  };

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  uint32_t type_oid() const { return type_oid_; }

  // Each throws SqlError when the value is NULL (22004) or of another kind (42804).
  bool as_bool() const;
  int64_t as_int() const;
  double as_double() const;             // also reads integers and numeric
  const std::string& as_bytes() const;  // bytea only
  // PostgreSQL's text output of any non-NULL value.
  const std::string& text() const;

  // The value as T: bool, any integer type (range-checked: 22003), float or double,
  // std::string (the text), or std::optional of one of these (NULL -> nullopt).
  template <class T>
  T as() const;

 private:
  friend struct detail::ResultAccess;
  template <class T>
  T narrow(int64_t v) const {
    if (!std::in_range<T>(v)) OutOfRange(sizeof(T), std::is_signed_v<T>);
    return static_cast<T>(v);
  }
  [[noreturn]] void OutOfRange(size_t bytes, bool is_signed) const;

  Kind kind_ = Kind::Null;
  uint32_t type_oid_ = 0;
  int64_t int_ = 0;
  double float_ = 0;
  std::string text_;   // the text output (empty for NULL)
  std::string bytes_;  // bytea's raw bytes
};

template <class T>
T Field::as() const {
  if constexpr (detail::IsOptional<T>::value) {
    if (is_null()) return std::nullopt;
    return as<typename T::value_type>();
  } else if constexpr (std::is_same_v<T, bool>) {
    return as_bool();
  } else if constexpr (std::is_integral_v<T>) {
    return narrow<T>(as_int());
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(as_double());
  } else if constexpr (std::is_same_v<T, std::string>) {
    return text();
  } else {
    static_assert(detail::kUnsupported<T>, "Field::as<T>: T must be bool, an integer, a floating-point type, "
                                           "std::string, or std::optional of one of these");
  }
}

// One row: fields by position or by column name.
class PLINTH_EMBED_API ResultRow {
 public:
  size_t size() const { return fields_.size(); }
  // Throw SqlError 42703 for a position past the end or an unknown name.
  const Field& operator[](size_t index) const;
  const Field& operator[](std::string_view column) const;
  const std::vector<ColumnInfo>& columns() const { return *columns_; }

  // The whole row as a tuple: auto [id, name] = row.as<int, std::string>();
  // Throws SqlError 42804 when the row does not have exactly sizeof...(T) columns.
  template <class... T>
  std::tuple<T...> as() const {
    CheckArity(sizeof...(T));
    return AsTuple<T...>(std::index_sequence_for<T...>{});
  }

 private:
  friend struct detail::ResultAccess;
  template <class... T, size_t... I>
  std::tuple<T...> AsTuple(std::index_sequence<I...>) const {
    return std::tuple<T...>(fields_[I].template as<T>()...);
  }
  void CheckArity(size_t wanted) const;

  std::shared_ptr<const std::vector<ColumnInfo>> columns_;
  std::vector<Field> fields_;
};

// The result of one statement.
class PLINTH_EMBED_API QueryResult {
 public:
  const std::vector<ColumnInfo>& columns() const { return *columns_; }
  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  const ResultRow& operator[](size_t index) const;  // 42703-style SqlError past the end
  std::vector<ResultRow>::const_iterator begin() const { return rows_.begin(); }
  std::vector<ResultRow>::const_iterator end() const { return rows_.end(); }

  // PostgreSQL's command tag: "SELECT 3", "INSERT 0 1", "CREATE TABLE".
  const std::string& command_tag() const { return tag_; }
  // The row count at the end of the tag (rows returned, inserted, updated...), else 0.
  uint64_t rows_affected() const;

  // The single value of a one-row, one-column result (SELECT count(*) ...): throws
  // SqlError 21000 when the result has another shape.
  template <class T>
  T scalar() const {
    return ScalarField().template as<T>();
  }

 private:
  friend struct detail::ResultAccess;
  const Field& ScalarField() const;

  std::shared_ptr<const std::vector<ColumnInfo>> columns_ = std::make_shared<std::vector<ColumnInfo>>();
  std::vector<ResultRow> rows_;
  std::string tag_;
};

// A query parameter ($1, $2...), sent as text and typed by the statement, as libpq does
// with unspecified parameter types: SELECT ... WHERE id = $1 reads "42" as an integer.
class PLINTH_EMBED_API Param {
 public:
  Param(std::nullptr_t) {}        // NOLINT: implicit by design, like the ones below
  Param(std::nullopt_t) {}        // NOLINT
  Param(bool b) : text_(b ? "true" : "false") {}  // NOLINT
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  Param(T v) : text_(std::to_string(v)) {}  // NOLINT
  Param(double v);                           // NOLINT: shortest text that reads back the same
  Param(const char* s) { if (s) text_ = s; }      // NOLINT: a null pointer is NULL
  Param(std::string s) : text_(std::move(s)) {}    // NOLINT
  Param(std::string_view s) : text_(std::string(s)) {}  // NOLINT
  template <class T>
  Param(const std::optional<T>& v) : Param(v ? Param(*v) : Param(nullptr)) {}  // NOLINT

  // A bytea value from raw bytes (sent in bytea's hex text form).
  static Param Bytes(std::string_view raw);

  bool is_null() const { return !text_.has_value(); }
  const std::optional<std::string>& text() const { return text_; }

 private:
  std::optional<std::string> text_;
};

}  // namespace plinth
