#include "inventory.h"

const char* Inventory::Schema() {
  return "CREATE TABLE items ("
         "  sku text PRIMARY KEY,"
         "  name text NOT NULL,"
         "  quantity int NOT NULL CHECK (quantity >= 0));"
         "CREATE INDEX items_name ON items (name);";
}

void Inventory::AddItem(const std::string& sku, const std::string& name, int quantity) {
  db_.query("INSERT INTO items (sku, name, quantity) VALUES ($1, $2, $3)", {sku, name, std::to_string(quantity)});
}

int Inventory::Quantity(const std::string& sku) {
  return std::stoi(db_.scalar("SELECT quantity FROM items WHERE sku = $1", {sku}));
}

void Inventory::Transfer(const std::string& from, const std::string& to, int quantity) {
  db_.query("BEGIN");
  try {
    db_.query("UPDATE items SET quantity = quantity - $2 WHERE sku = $1", {from, std::to_string(quantity)});
    db_.query("UPDATE items SET quantity = quantity + $2 WHERE sku = $1", {to, std::to_string(quantity)});
    db_.query("COMMIT");
  } catch (...) {
    db_.query("ROLLBACK");
    throw;
  }
}

void Inventory::Remove(const std::string& sku) { db_.query("DELETE FROM items WHERE sku = $1", {sku}); }

int Inventory::TotalStock() { return std::stoi(db_.scalar("SELECT coalesce(sum(quantity), 0) FROM items")); }

std::vector<std::string> Inventory::LowStock(int threshold) {
  std::vector<std::string> skus;
  for (auto& row : db_.query("SELECT sku FROM items WHERE quantity < $1 ORDER BY sku", {std::to_string(threshold)}))
    skus.push_back(*row[0]);
  return skus;
}

std::vector<std::string> Inventory::Search(const std::string& name_fragment) {
  std::vector<std::string> skus;
  for (auto& row : db_.query("SELECT sku FROM items WHERE name LIKE '%' || $1 || '%' ORDER BY sku", {name_fragment}))
    skus.push_back(*row[0]);
  return skus;
}

int Inventory::ItemCount() { return std::stoi(db_.scalar("SELECT count(*) FROM items")); }
