// Physical plans: what the planner hands the executor. A plan is a tree of PlanNodes
// (each becomes one pull-based operator) under a statement-level Plan that says what
// to do with the rows: return them, or insert/update/delete them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/binder/expr.h"
#include "engine/catalog/catalog.h"

namespace plinth {

struct OutputColumn {
  std::string name;
  Oid type = 0;
  int32_t typmod = -1;
  Oid table_oid = 0;   // for RowDescription: the source table column, if any
  int16_t attnum = 0;
};

struct SortKey {
  ExprPtr expr;  // evaluated over the node's input row
  bool descending = false;
  bool nulls_first = false;
};

enum class PlanKind {
  OneRow,     // a single empty row (SELECT without FROM)
  Values,     // rows of expressions (VALUES lists)
  TableScan,  // rows of a table, optionally a primary-key range; emits the row key too
  Filter,     // child rows where predicate is true
  Project,    // expressions over child rows
  Sort,       // child rows ordered by keys
  Limit,      // OFFSET/LIMIT over child rows
  Distinct,   // child rows without duplicates (all columns)
};

// A primary-key restriction found by the planner: equality on a prefix of the key
// columns, then optionally a range on the next one. Bounds are expressions because
// they may reference parameters; the executor evaluates them when the scan opens.
struct KeyRange {
  std::vector<ExprPtr> equal;  // one per leading key column
  ExprPtr lower, upper;        // on key column equal.size(), may be null
  bool lower_inclusive = true, upper_inclusive = true;
  bool empty() const { return equal.empty() && !lower && !upper; }
};

struct PlanNode {
  PlanKind kind = PlanKind::OneRow;
  std::vector<Oid> column_types;  // of the rows this node emits
  std::unique_ptr<PlanNode> child;

  // TableScan
  std::shared_ptr<const TableDef> table;
  KeyRange range;
  // Filter
  ExprPtr predicate;
  // Project
  std::vector<ExprPtr> exprs;
  // Values
  std::vector<std::vector<ExprPtr>> rows;
  // Sort
  std::vector<SortKey> keys;
  // Limit
  ExprPtr limit, offset;

  std::string Describe(int indent = 0) const;  // EXPLAIN text
};

enum class PlanAction { Query, Insert, Update, Delete };

struct Plan {
  PlanAction action = PlanAction::Query;
  std::unique_ptr<PlanNode> root;  // Query: the rows; Insert: rows in table column order;
                                   // Update/Delete: the full old rows (TableScan below)
  std::vector<OutputColumn> columns;  // rows returned to the client (query or RETURNING)

  std::shared_ptr<const TableDef> table;  // Insert/Update/Delete target
  // Update: per table column, the new value over the old row; null = unchanged.
  std::vector<ExprPtr> assignments;
  // RETURNING, evaluated over the new (insert/update) or old (delete) row.
  std::vector<ExprPtr> returning;
  // Constraint checks (CHECK expressions over the new row) and NOT NULL columns.
  std::vector<std::pair<std::string, ExprPtr>> checks;
  std::string command;  // "SELECT", "INSERT", "UPDATE", "DELETE"
};

}  // namespace plinth
