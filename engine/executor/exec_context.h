// What every operator and expression evaluation of one statement shares.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "engine/txn/transaction.h"
#include "engine/types/types.h"
#include "engine/types/value.h"

namespace plinth {

using Row = std::vector<Value>;

struct ExecContext {
  Transaction* txn = nullptr;
  const std::vector<Value>* params = nullptr;
  const IoContext* io = nullptr;
  int64_t statement_time_us = 0;    // statement_timestamp(): µs since 2000-01-01 UTC
  int64_t transaction_time_us = 0;  // now(): the transaction's start
  const std::atomic<bool>* cancel = nullptr;  // set by CancelRequest / statement_timeout
  std::string user;
  std::string database;
};

}  // namespace plinth
