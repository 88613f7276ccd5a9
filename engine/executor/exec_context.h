// What every operator and expression evaluation of one statement shares.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "engine/common/status.h"
#include "engine/txn/transaction.h"
#include "engine/types/types.h"
#include "engine/types/value.h"

struct plinth_catalog_reader;  // plinth/catalog.h

namespace plinth {

using Row = std::vector<Value>;
struct SubqueryState;

// A source of rows that lives outside the plan (COPY FROM's parser).
class RowProducer {
 public:
  virtual ~RowProducer() = default;
  virtual Result<bool> Next(Row* row) = 0;
};

struct ExecContext {
  Transaction* txn = nullptr;
  const std::vector<Value>* params = nullptr;
  const IoContext* io = nullptr;
  int64_t statement_time_us = 0;    // statement_timestamp(): µs since 2000-01-01 UTC
  int64_t transaction_time_us = 0;  // now(): the transaction's start
  const std::atomic<bool>* cancel = nullptr;  // set by CancelRequest / statement_timeout
  RowProducer* external = nullptr;  // PlanKind::External reads from here
  // Correlated subqueries: the values each running subquery takes from the query around
  // it, innermost last (ExprKind::OuterRef reads the last frame).
  std::vector<Row> outer_frames;
  // Per SubLink expression: its operator tree (re-opened for each outer row) and, for
  // an uncorrelated one, its rows, computed once per execution (executor/subquery.cc).
  std::unordered_map<const void*, std::shared_ptr<SubqueryState>> subqueries;
  // WITH RECURSIVE: each running RecursiveUnion's current work table, by id.
  std::unordered_map<int, const std::vector<Row>*> work_tables;
  class SessionServices* services = nullptr;
  // The session's view of the host catalog for the catalog plugin (system relations and
  // functions); null when there is none.
  const plinth_catalog_reader* catalog_reader = nullptr;  // sequences, relation names (functions/session_services.h)
  std::string user;
  std::string database;
};

}  // namespace plinth
