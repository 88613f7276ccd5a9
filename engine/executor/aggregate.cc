// Hash aggregation: groups live in a hash table keyed by the encoded group keys (one
// table per grouping set), the input streams through once. Aggregates with DISTINCT
// or ORDER BY buffer their inputs per group and are fed, sorted and deduplicated, at
// the end.
#include <algorithm>
#include <unordered_set>

#include "engine/executor/aggregate_functions.h"
#include "engine/executor/eval.h"
#include "engine/executor/join_hash_table.h"
#include "engine/executor/key_index.h"
#include "engine/executor/query_operators.h"

namespace plinth {

namespace {

class AggregateOp : public Operator {
 public:
  AggregateOp(const PlanNode& node, std::unique_ptr<Operator> child) : node_(node), child_(std::move(child)) {
    for (const auto& k : node.group_keys) key_types_.push_back(k->type);
    if (node.grouping_sets.empty()) {
      std::vector<int> all;
      for (size_t k = 0; k < node.group_keys.size(); k++) all.push_back(static_cast<int>(k));
      sets_.push_back(std::move(all));
    } else {
      sets_ = node.grouping_sets;
    }
    for (const auto& call : node.aggregates) {
      std::vector<Oid> types;
      for (const auto& a : call.args) types.push_back(a->type);
      arg_types_.push_back(std::move(types));
    }
  }

  Status Open(ExecContext& ctx) override {
    PLINTH_RETURN_IF_ERROR(child_->Open(ctx));
    groups_.clear();
    index_.assign(sets_.size(), KeyIndex());
    group_of_.assign(sets_.size(), {});
    next_ = 0;
    // An empty grouping set (no GROUP BY at all, or `()`) yields a row even for no input.
    Row no_keys(node_.group_keys.size());
    for (size_t s = 0; s < sets_.size(); s++)
      if (sets_[s].empty()) GroupFor(s, no_keys);
    Row row, keys(node_.group_keys.size());
    std::vector<Row> inputs(node_.aggregates.size());
    std::vector<Row> order_keys(node_.aggregates.size());
    std::vector<bool> included(node_.aggregates.size());
    for (;;) {
      PLINTH_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &row));
      if (!more) break;
      for (size_t k = 0; k < node_.group_keys.size(); k++)
        PLINTH_RETURN_IF_ERROR(Eval(*node_.group_keys[k], row, ctx, &keys[k]));
      for (size_t a = 0; a < node_.aggregates.size(); a++) {
        const AggregateCall& call = node_.aggregates[a];
        included[a] = true;
        if (call.filter) {
          PLINTH_ASSIGN_OR_RETURN(bool keep, EvalPredicate(*call.filter, row, ctx));
          included[a] = keep;
          if (!keep) continue;
        }
        inputs[a].resize(std::max<size_t>(call.args.size(), 1));
        for (size_t i = 0; i < call.args.size(); i++)
          PLINTH_RETURN_IF_ERROR(Eval(*call.args[i], row, ctx, &inputs[a][i]));
        order_keys[a].resize(call.order.size());
        for (size_t i = 0; i < call.order.size(); i++)
          PLINTH_RETURN_IF_ERROR(Eval(*call.order[i].expr, row, ctx, &order_keys[a][i]));
      }
      for (size_t s = 0; s < sets_.size(); s++) {
        Group& g = GroupFor(s, keys);
        for (size_t a = 0; a < node_.aggregates.size(); a++) {
          if (!included[a]) continue;
          const AggregateCall& call = node_.aggregates[a];
          CallState& cs = g.calls[a];
          if (!call.order.empty()) {
            cs.buffered.emplace_back(order_keys[a], inputs[a]);
          } else if (call.distinct) {
            if (cs.seen.insert(RowIdentity(inputs[a], arg_types_[a])).second)
              PLINTH_RETURN_IF_ERROR(cs.acc.Feed(inputs[a].data()));
          } else {
            PLINTH_RETURN_IF_ERROR(cs.acc.Feed(inputs[a].data()));
          }
        }
      }
    }
    for (Group& g : groups_) {
      for (size_t a = 0; a < node_.aggregates.size(); a++) PLINTH_RETURN_IF_ERROR(FeedBuffered(a, &g.calls[a]));
    }
    return Status::OK();
  }

  Result<bool> Next(ExecContext& ctx, Row* row) override {
    if (next_ >= groups_.size()) return false;
    const Group& g = groups_[next_++];
    *row = g.keys;
    for (const CallState& cs : g.calls) {
      PLINTH_ASSIGN_OR_RETURN(Value v, cs.acc.Finish(ctx.io));
      row->push_back(std::move(v));
    }
    return true;
  }

 private:
  struct CallState {
    explicit CallState(const AggregateCall& call) : acc(call) {}
    Accumulator acc;
    std::vector<std::pair<Row, Row>> buffered;  // (ORDER BY keys, arguments)
    std::unordered_set<std::string> seen;       // DISTINCT arguments
  };
  struct Group {
    Row keys;  // keys outside the group's grouping set are null
    std::vector<CallState> calls;
  };

  // The group of `keys` in grouping set `set`, made on first sight. Each set has its
  // own index, keyed by its own keys only (the others are null in all of its groups);
  // the key is built in a reused buffer, so finding an existing group allocates nothing.
  Group& GroupFor(size_t set, const Row& keys) {
    // No keys (no GROUP BY, or `()`): one group, made in Open; no lookup per row.
    if (sets_[set].empty() && !group_of_[set].empty()) return groups_[group_of_[set][0]];
    std::string& id = id_buffer_;
    id.clear();
    for (int k : sets_[set]) {
      // A flag byte first keeps the parts self-delimiting with NULLs among them.
      id.push_back(keys[k].is_null() ? 0 : 1);
      if (!keys[k].is_null()) AppendHashKeyPart(key_types_[k], keys[k], &id);
    }
    bool added = false;
    uint32_t number = index_[set].FindOrAdd(id, &added);
    if (!added) return groups_[group_of_[set][number]];
    group_of_[set].push_back(groups_.size());
    Group g;
    g.keys.resize(keys.size());
    for (int k : sets_[set]) g.keys[k] = keys[k];
    for (const auto& call : node_.aggregates) g.calls.emplace_back(call);
    groups_.push_back(std::move(g));
    return groups_.back();
  }

  Status FeedBuffered(size_t a, CallState* cs) {
    const AggregateCall& call = node_.aggregates[a];
    if (call.order.empty()) return Status::OK();
    std::stable_sort(cs->buffered.begin(), cs->buffered.end(), [&](const auto& x, const auto& y) {
      return CompareSortKeys(call.order, x.first, y.first) < 0;
    });
    std::unordered_set<std::string> seen;
    for (const auto& [keys, args] : cs->buffered) {
      if (call.distinct && !seen.insert(RowIdentity(args, arg_types_[a])).second) continue;
      PLINTH_RETURN_IF_ERROR(cs->acc.Feed(args.data()));
    }
    cs->buffered.clear();
    return Status::OK();
  }

  const PlanNode& node_;
  std::unique_ptr<Operator> child_;
  std::vector<Oid> key_types_;
  std::vector<std::vector<int>> sets_;
  std::vector<std::vector<Oid>> arg_types_;
  std::vector<Group> groups_;
  // Per grouping set: its distinct keys, and the group (in groups_) of each.
  std::vector<KeyIndex> index_;
  std::vector<std::vector<size_t>> group_of_;
  std::string id_buffer_;
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeAggregate(const PlanNode& node) {
  return std::make_unique<AggregateOp>(node, BuildOperator(*node.child));
}

}  // namespace plinth
