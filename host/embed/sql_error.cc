#include "plinth/sql_error.h"

namespace plinth {

namespace {
std::string WhatText(const std::string& sqlstate, const std::string& message) {
  return message + " (SQLSTATE " + sqlstate + ")";
}
}  // namespace

SqlError::SqlError(std::string sqlstate, std::string message, std::string detail, std::string hint)
    : std::runtime_error(WhatText(sqlstate, message)),
      sqlstate_(std::move(sqlstate)),
      message_(std::move(message)),
      detail_(std::move(detail)),
      hint_(std::move(hint)) {}

}  // namespace plinth
