// A connection's cache of parse trees for simple-query texts that differ only in the
// values of their literal constants.
//
// Drivers in simple-query mode (pgbench -M simple, psql scripts, ORMs that inline
// values) send the same statement again and again with other numbers and strings in it.
// libpg-query's parse costs ~40 µs for such a statement, most of it protobuf packing and
// unpacking, far more than binding and running a point lookup. Its scanner is cheap, so:
//
//   1. scan the text; the *template key* is the text with every integer, float and plain
//      '…' string token blanked out (their lengths kept, so every location in the tree
//      stays right for error positions);
//   2. on a miss, parse for real and work out which A_Const node each blanked token
//      became (a '-' right before a number may have been folded into it). The entry is
//      only kept if every token maps to a node and re-deriving each node's value from
//      its token reproduces exactly what the parser produced;
//   3. on a hit, write the new tokens' values into the cached tree's A_Const nodes.
//
// Only single SELECT/INSERT/UPDATE/DELETE statements are cached. A tree is reused only
// while nobody else holds it (a prepared statement or cursor keeps its own); otherwise
// the text is parsed afresh. Not thread-safe: one per connection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/common/status.h"
#include "engine/parser/parser.h"

struct PgQuery__AConst;

namespace plinth {

class ParseCache {
 public:
  explicit ParseCache(size_t capacity = 64) : capacity_(capacity) {}
  ~ParseCache();
  ParseCache(const ParseCache&) = delete;
  ParseCache& operator=(const ParseCache&) = delete;

  // Same contract as ParseTree::Parse. The tree returned may be handed out again (with
  // other constants) by a later call once the caller has let go of it.
  Result<std::shared_ptr<const ParseTree>> Parse(std::string_view sql);

  struct Counters {
    uint64_t hits = 0;          // constants patched into a cached tree
    uint64_t misses = 0;        // parsed, and the tree cached
    uint64_t uncacheable = 0;   // parsed, shape not cacheable (or tree in use)
  };
  const Counters& counters() const { return counters_; }

  // A constant token of the text: its byte range and what kind of literal it is.
  struct Literal {
    int start = 0;
    int end = 0;
    int kind = 0;  // PgQuery__Token value
  };

 private:
  // Where a token's value lives in the cached tree.
  struct Slot {
    PgQuery__AConst* node = nullptr;
    size_t literal = 0;   // index into the text's literals
    bool negated = false; // the parser folded a leading '-' into the constant
  };
  struct Entry {
    std::shared_ptr<ParseTree> tree;  // null: this template is known to be uncacheable
    std::vector<Slot> slots;
    uint64_t last_use = 0;
  };

  Result<std::shared_ptr<const ParseTree>> ParseAndRemember(std::string_view sql, std::string key,
                                                            const std::vector<Literal>& literals,
                                                            const std::vector<int>& minus_starts);
  void Insert(std::string key, Entry entry);

  size_t capacity_;
  uint64_t clock_ = 0;
  Counters counters_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace plinth
