// The "application" under test: a small stock-keeping service that talks to PostgreSQL
// through libpq. It knows nothing about Plinth; its tests (inventory_test.cc) give it a
// throwaway Plinth server instead of a real PostgreSQL.
#pragma once

#include <string>
#include <vector>

#include "../common/pq.h"

class Inventory {
 public:
  // The schema the service expects (a migration, in a real application).
  static const char* Schema();

  explicit Inventory(const std::string& conninfo) : db_(conninfo) {}

  void AddItem(const std::string& sku, const std::string& name, int quantity);
  int Quantity(const std::string& sku);
  // Moves stock from one item to another atomically; throws pq::Error (and changes
  // nothing) when `from` has too little.
  void Transfer(const std::string& from, const std::string& to, int quantity);
  void Remove(const std::string& sku);
  int TotalStock();
  // SKUs whose quantity is below `threshold`, in SKU order.
  std::vector<std::string> LowStock(int threshold);
  std::vector<std::string> Search(const std::string& name_fragment);
  int ItemCount();

 private:
  pq::Connection db_;
};
