// ApplySettingDefaults: the stored ALTER DATABASE/ROLE ... SET defaults reach a new
// session in PostgreSQL's order of precedence, become what RESET returns to, and a
// stored value that no longer validates is skipped with a warning, not an error.
#include <gtest/gtest.h>

#include "engine/session/cluster.h"
#include "engine/session/settings.h"

namespace plinth {
namespace {

// A cluster that only has setting defaults.
class DefaultsOnly final : public Cluster {
 public:
  std::vector<SettingDefaults> defaults;

  std::vector<DatabaseEntry> Databases() const override { return {}; }
  std::optional<DatabaseEntry> FindDatabase(const std::string&) const override { return std::nullopt; }
  Status CreateDatabase(const std::string&, const std::string&) override { return Status::OK(); }
  Status DropDatabase(const std::string&, const Database&) override { return Status::OK(); }
  Status RenameDatabase(const std::string&, const std::string&, const Database&) override { return Status::OK(); }
  Status SetDatabaseOwner(const std::string&, const std::string&) override { return Status::OK(); }
  Status AlterSettingDefault(const std::string&, const std::string&, const std::string&,
                             const std::optional<std::string>&) override {
    return Status::OK();
  }
  std::vector<SettingDefaults> AllSettingDefaults() const override { return defaults; }
  Status ForgetRole(const std::string&) override { return Status::OK(); }
};

std::string Show(const SessionSettings& s, const std::string& name) { return s.Get(name).value(); }

TEST(SettingDefaults, MoreSpecificLevelsWin) {
  DefaultsOnly cluster;
  // Listed most specific first, to show that the order of storage does not matter.
  cluster.defaults = {{"shop", "carol", {{"work_mem", "4MB"}}},
                      {"", "carol", {{"work_mem", "3MB"}, {"statement_timeout", "3s"}}},
                      {"shop", "", {{"work_mem", "2MB"}, {"statement_timeout", "2s"}, {"DateStyle", "SQL, DMY"}}},
                      {"", "", {{"work_mem", "1MB"}, {"statement_timeout", "1s"}, {"DateStyle", "German"},
                                {"extra_float_digits", "2"}}}};
  SessionSettings s;
  std::vector<std::string> warnings;
  ApplySettingDefaults(cluster, "shop", "carol", &s, &warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(Show(s, "work_mem"), "4MB");            // role in database
  EXPECT_EQ(Show(s, "statement_timeout"), "3s");    // role over database
  EXPECT_EQ(Show(s, "DateStyle"), "SQL, DMY");      // database over ALTER ROLE ALL
  EXPECT_EQ(Show(s, "extra_float_digits"), "2");    // ALTER ROLE ALL
}

TEST(SettingDefaults, OtherDatabasesAndRolesDoNotApply) {
  DefaultsOnly cluster;
  cluster.defaults = {{"crm", "", {{"work_mem", "2MB"}}}, {"", "dave", {{"work_mem", "3MB"}}},
                      {"crm", "carol", {{"work_mem", "4MB"}}}};
  SessionSettings s;
  std::vector<std::string> warnings;
  ApplySettingDefaults(cluster, "shop", "carol", &s, &warnings);
  EXPECT_EQ(Show(s, "work_mem"), "4MB") << "the built-in default";
}

TEST(SettingDefaults, ResetReturnsToTheStoredDefault) {
  DefaultsOnly cluster;
  cluster.defaults = {{"shop", "", {{"DateStyle", "SQL, DMY"}}}};
  SessionSettings s;
  std::vector<std::string> warnings;
  ApplySettingDefaults(cluster, "shop", "carol", &s, &warnings);
  ASSERT_TRUE(s.Set("DateStyle", "German", false).ok());
  ASSERT_TRUE(s.Reset("DateStyle").ok());
  EXPECT_EQ(Show(s, "DateStyle"), "SQL, DMY");
}

TEST(SettingDefaults, InvalidStoredValuesAreSkippedWithAWarning) {
  DefaultsOnly cluster;
  cluster.defaults = {{"shop", "", {{"DateStyle", "bogus"}, {"no_such_setting", "1"}, {"statement_timeout", "9s"}}}};
  SessionSettings s;
  std::vector<std::string> warnings;
  ApplySettingDefaults(cluster, "shop", "carol", &s, &warnings);
  EXPECT_EQ(warnings.size(), 2u);
  EXPECT_EQ(Show(s, "DateStyle"), "ISO, MDY");
  EXPECT_EQ(Show(s, "statement_timeout"), "9s") << "the valid ones still apply";
}

}  // namespace
}  // namespace plinth
