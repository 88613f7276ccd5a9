// Use case 2: testing a PostgreSQL application without a PostgreSQL installation.
//
// Every test gets its own fresh, in-memory Plinth server on a free port (a
// plinth::TestServer, one line), so tests never see each other's data and need no
// cleanup. The fixture also times each server's start and stop and prints the numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include <plinth/testing.h>

#include "inventory.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Timings {
  std::vector<double> start_ms, stop_ms;
};
Timings& timings() {
  static Timings t;
  return t;
}

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

class InventoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t0 = Clock::now();
    pg_ = std::make_unique<plinth::TestServer>(Inventory::Schema());
    timings().start_ms.push_back(Millis(Clock::now() - t0));
    app_ = std::make_unique<Inventory>(pg_->uri());
  }
  void TearDown() override {
    app_.reset();
    auto t0 = Clock::now();
    pg_.reset();
    timings().stop_ms.push_back(Millis(Clock::now() - t0));
  }

  std::unique_ptr<plinth::TestServer> pg_;
  std::unique_ptr<Inventory> app_;
};

TEST_F(InventoryTest, StartsEmpty) { EXPECT_EQ(app_->ItemCount(), 0); }

TEST_F(InventoryTest, AddThenRead) {
  app_->AddItem("A-1", "anchor bolt", 40);
  EXPECT_EQ(app_->Quantity("A-1"), 40);
}

TEST_F(InventoryTest, StillEmptyAfterAnotherTestWrote) {
  // AddThenRead wrote to its own server: this one is fresh.
  EXPECT_EQ(app_->ItemCount(), 0);
}

TEST_F(InventoryTest, DuplicateSkuIsRejectedWithUniqueViolation) {
  app_->AddItem("A-1", "anchor bolt", 1);
  try {
    app_->AddItem("A-1", "another", 2);
    FAIL() << "duplicate accepted";
  } catch (const pq::Error& e) {
    EXPECT_EQ(e.sqlstate, "23505");
  }
}

TEST_F(InventoryTest, NegativeQuantityViolatesTheCheck) {
  try {
    app_->AddItem("B-1", "bracket", -1);
    FAIL() << "negative quantity accepted";
  } catch (const pq::Error& e) {
    EXPECT_EQ(e.sqlstate, "23514");
  }
}

TEST_F(InventoryTest, TransferMovesStock) {
  app_->AddItem("A", "a", 10);
  app_->AddItem("B", "b", 0);
  app_->Transfer("A", "B", 4);
  EXPECT_EQ(app_->Quantity("A"), 6);
  EXPECT_EQ(app_->Quantity("B"), 4);
}

TEST_F(InventoryTest, FailedTransferChangesNothing) {
  app_->AddItem("A", "a", 3);
  app_->AddItem("B", "b", 0);
  EXPECT_THROW(app_->Transfer("A", "B", 5), pq::Error);
  EXPECT_EQ(app_->Quantity("A"), 3);
  EXPECT_EQ(app_->Quantity("B"), 0);
}

TEST_F(InventoryTest, RemoveDeletesOnlyThatItem) {
  app_->AddItem("A", "a", 1);
  app_->AddItem("B", "b", 1);
  app_->Remove("A");
  EXPECT_EQ(app_->ItemCount(), 1);
  EXPECT_EQ(app_->Quantity("B"), 1);
}

TEST_F(InventoryTest, TotalOfEmptyInventoryIsZero) { EXPECT_EQ(app_->TotalStock(), 0); }

TEST_F(InventoryTest, TotalSumsAllItems) {
  app_->AddItem("A", "a", 5);
  app_->AddItem("B", "b", 7);
  EXPECT_EQ(app_->TotalStock(), 12);
}

TEST_F(InventoryTest, LowStockListsItemsUnderTheThresholdInOrder) {
  app_->AddItem("C", "c", 1);
  app_->AddItem("A", "a", 2);
  app_->AddItem("B", "b", 50);
  EXPECT_EQ(app_->LowStock(10), (std::vector<std::string>{"A", "C"}));
}

TEST_F(InventoryTest, SearchMatchesNameFragments) {
  app_->AddItem("S-1", "steel washer", 1);
  app_->AddItem("S-2", "steel nut", 1);
  app_->AddItem("B-1", "brass nut", 1);
  EXPECT_EQ(app_->Search("nut"), (std::vector<std::string>{"B-1", "S-2"}));
  EXPECT_EQ(app_->Search("steel"), (std::vector<std::string>{"S-1", "S-2"}));
}

TEST_F(InventoryTest, SearchTreatsInputAsDataNotSql) {
  app_->AddItem("X", "x", 1);
  EXPECT_TRUE(app_->Search("'; DROP TABLE items; --").empty());
  EXPECT_EQ(app_->ItemCount(), 1);
}

TEST_F(InventoryTest, QuantityOfUnknownSkuFails) { EXPECT_THROW(app_->Quantity("nope"), pq::Error); }

TEST_F(InventoryTest, TestCodeCanSeedThroughTheEmbeddedDatabase) {
  // The test writes directly in process; the application reads it over TCP.
  pg_->database().execute("INSERT INTO items VALUES ($1, $2, $3)", {"Z", "zinc plate", 9});
  EXPECT_EQ(app_->Quantity("Z"), 9);
}

TEST_F(InventoryTest, TestCodeCanCheckWhatTheApplicationWrote) {
  app_->AddItem("W", "wing nut", 3);
  auto row = pg_->database().execute("SELECT name, quantity FROM items WHERE sku = 'W'")[0];
  auto [name, quantity] = row.as<std::string, int>();
  EXPECT_EQ(name, "wing nut");
  EXPECT_EQ(quantity, 3);
}

// Four more, one per quantity: a parameterised test still gets a server per case.
class InventoryQuantityTest : public InventoryTest, public ::testing::WithParamInterface<int> {};

TEST_P(InventoryQuantityTest, RoundTripsTheQuantity) {
  app_->AddItem("P", "param", GetParam());
  EXPECT_EQ(app_->Quantity("P"), GetParam());
  EXPECT_EQ(app_->ItemCount(), 1);  // fresh server: only this test's row
}

INSTANTIATE_TEST_SUITE_P(Quantities, InventoryQuantityTest, ::testing::Values(0, 42, 65535, 2147483647));

// Prints the per-test server start/stop times once all tests ran.
class TimingReport : public ::testing::Environment {
 public:
  void TearDown() override {
    auto report = [](const char* what, std::vector<double> v) {
      if (v.empty()) return;
      std::sort(v.begin(), v.end());
      double sum = 0;
      for (double x : v) sum += x;
      std::printf("per-test server %s: mean %.2f ms, median %.2f ms, min %.2f ms, max %.2f ms (%zu servers)\n", what,
                  sum / v.size(), v[v.size() / 2], v.front(), v.back(), v.size());
    };
    report("start (open in-memory + schema + listen)", timings().start_ms);
    report("stop (stop + close)", timings().stop_ms);
    std::vector<double> both;
    for (size_t i = 0; i < timings().start_ms.size() && i < timings().stop_ms.size(); i++)
      both.push_back(timings().start_ms[i] + timings().stop_ms[i]);
    report("start+stop", both);
  }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new TimingReport);
  return RUN_ALL_TESTS();
}
