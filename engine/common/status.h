// Errors as values, PostgreSQL-shaped: every failure the engine or host reports to a
// client carries a SQLSTATE, a primary message and optional detail/hint/position.
// Modelled on LevelDB's Status: cheap when OK (no allocation), explicit everywhere.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace plinth {

struct ErrorInfo {
  std::string sqlstate;  // five characters, e.g. "42601"
  std::string message;   // primary message, lower case, no trailing period (PG style)
  std::string detail;    // optional
  std::string hint;      // optional
  int position = 0;      // 1-based character offset into the query text, 0 = none
  std::string context;   // optional CONTEXT line, e.g. "COPY t, line 3, column id: \"x\""
  std::string severity = "ERROR";  // ERROR, FATAL, PANIC (NoticeResponse uses its own)
};

class Status {
 public:
  Status() = default;  // OK
  static Status OK() { return Status(); }
  static Status Error(std::string sqlstate, std::string message) {
    Status s;
    s.info_ = std::make_shared<ErrorInfo>();
    s.info_->sqlstate = std::move(sqlstate);
    s.info_->message = std::move(message);
    return s;
  }
  static Status Error(ErrorInfo info) {
    Status s;
    s.info_ = std::make_shared<ErrorInfo>(std::move(info));
    return s;
  }

  bool ok() const { return info_ == nullptr; }
  explicit operator bool() const { return ok(); }
  const ErrorInfo& info() const { return *info_; }
  const std::string& sqlstate() const { return info_->sqlstate; }
  const std::string& message() const { return info_->message; }

  // Builders for the optional fields; they copy-on-write so a shared Status is never mutated.
  Status& with_detail(std::string d) { mut().detail = std::move(d); return *this; }
  Status& with_hint(std::string h) { mut().hint = std::move(h); return *this; }
  Status& with_position(int p) { mut().position = p; return *this; }
  Status& with_context(std::string c) { mut().context = std::move(c); return *this; }
  Status& with_severity(std::string s) { mut().severity = std::move(s); return *this; }

 private:
  ErrorInfo& mut() {
    if (info_.use_count() > 1) info_ = std::make_shared<ErrorInfo>(*info_);
    return *info_;
  }
  std::shared_ptr<ErrorInfo> info_;
};

// A value or an error. T must be movable.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: must not be OK
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T take() { return std::move(*value_); }

 private:
  std::optional<T> value_;
  Status status_;
};

#define PLINTH_RETURN_IF_ERROR(expr)      \
  do {                                    \
    ::plinth::Status _st = (expr);        \
    if (!_st.ok()) return _st;            \
  } while (0)

#define PLINTH_CONCAT_INNER(a, b) a##b
#define PLINTH_CONCAT(a, b) PLINTH_CONCAT_INNER(a, b)
#define PLINTH_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = tmp.take()
#define PLINTH_ASSIGN_OR_RETURN(lhs, expr) \
  PLINTH_ASSIGN_OR_RETURN_IMPL(PLINTH_CONCAT(_res_, __LINE__), lhs, expr)

}  // namespace plinth
