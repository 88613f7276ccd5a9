// The operators of query breadth: joins, aggregation, set operations, WITH RECURSIVE,
// set-returning functions in FROM. BuildOperator (operators.cc) dispatches to these.
#pragma once

#include <memory>

#include "engine/executor/operators.h"

namespace plinth {

std::unique_ptr<Operator> MakeNestedLoopJoin(const PlanNode& node);  // join.cc
std::unique_ptr<Operator> MakeHashJoin(const PlanNode& node);        // join.cc
std::unique_ptr<Operator> MakeAggregate(const PlanNode& node);       // aggregate.cc
std::unique_ptr<Operator> MakeSetOp(const PlanNode& node);           // set_operations.cc
std::unique_ptr<Operator> MakeRecursiveUnion(const PlanNode& node);  // set_operations.cc
std::unique_ptr<Operator> MakeWorkTableScan(const PlanNode& node);   // set_operations.cc
std::unique_ptr<Operator> MakeFunctionScan(const PlanNode& node);    // function_scan.cc
std::unique_ptr<Operator> MakeSequenceScan(const PlanNode& node);    // sequence_scan.cc
std::unique_ptr<Operator> MakeSystemScan(const PlanNode& node);      // system/system_scan.cc
std::unique_ptr<Operator> MakeWindow(const PlanNode& node);          // window.cc
std::unique_ptr<Operator> MakeProjectSet(const PlanNode& node);      // project_set.cc
std::unique_ptr<Operator> MakeIndexScan(const PlanNode& node);       // index_scan.cc

// The identity of a row (or of some of its columns) for hashing: the order-preserving
// key encoding is exact (equal values encode equally, NULLs included).
std::string RowIdentity(const Row& row, const std::vector<Oid>& types);

// Orders rows by sort keys already evaluated into `keys`: SQL's NULLS FIRST/LAST and
// DESC rules over Compare(). Returns <0, 0, >0.
int CompareSortKeys(const std::vector<SortKey>& spec, const Row& a, const Row& b);

}  // namespace plinth
