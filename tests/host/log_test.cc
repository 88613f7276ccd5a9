// Logging: the connection id flag, levels, PLINTH_LOG, and lines from plugins.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <cstdlib>
#include <sstream>
#include <thread>

#include "host/log/log.h"
#include "plinth/plugin.h"

namespace plinth {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv("PLINTH_LOG"); }
  void TearDown() override {
    unsetenv("PLINTH_LOG");
    SetConnectionId(0);
  }
  void Init(const std::string& level) {
    out_.str("");
    InitLogging(level, std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
  }
  std::string Output() {
    spdlog::default_logger()->flush();
    return out_.str();
  }
  std::ostringstream out_;
};

TEST_F(LogTest, LinesCarryTheConnectionIdOfTheThread) {
  Init("info");
  SetConnectionId(17);
  spdlog::info("query started");
  std::thread([] { spdlog::info("from another thread"); }).join();
  SetConnectionId(0);
  spdlog::info("no connection");
  const std::string out = Output();
  EXPECT_NE(out.find("[conn 17] query started"), std::string::npos) << out;
  EXPECT_NE(out.find("info from another thread"), std::string::npos) << out;
  EXPECT_NE(out.find("info no connection"), std::string::npos) << out;
  EXPECT_EQ(out.find("[conn 0]"), std::string::npos) << out;
}

TEST_F(LogTest, LevelFromTheSetting) {
  Init("warning");
  spdlog::info("hidden");
  spdlog::warn("shown");
  const std::string out = Output();
  EXPECT_EQ(out.find("hidden"), std::string::npos) << out;
  EXPECT_NE(out.find("shown"), std::string::npos) << out;
}

TEST_F(LogTest, EnvironmentOverridesTheSetting) {
  setenv("PLINTH_LOG", "debug", 1);
  Init("error");
  spdlog::debug("debug line");
  EXPECT_NE(Output().find("debug line"), std::string::npos);
}

TEST_F(LogTest, BadEnvironmentValueIsIgnored) {
  setenv("PLINTH_LOG", "chatty", 1);
  Init("error");
  spdlog::warn("a warning");
  spdlog::error("an error");
  const std::string out = Output();
  EXPECT_EQ(out.find("a warning"), std::string::npos) << out;
  EXPECT_NE(out.find("an error"), std::string::npos) << out;
}

TEST_F(LogTest, PluginLines) {
  Init("debug");
  LogFromPlugin("storage_lmdb", PLINTH_LOG_WARNING, "map is 90% full");
  LogFromPlugin(nullptr, 99, nullptr);  // a careless plugin must not crash the host
  const std::string out = Output();
  EXPECT_NE(out.find("warning [storage_lmdb] map is 90% full"), std::string::npos) << out;
  EXPECT_NE(out.find("[?] (null)"), std::string::npos) << out;
}

TEST(LogLevels, Names) {
  spdlog::level::level_enum level;
  ASSERT_TRUE(LogLevelFromName("DEBUG2", &level));
  EXPECT_EQ(level, spdlog::level::debug);
  ASSERT_TRUE(LogLevelFromName("notice", &level));
  EXPECT_EQ(level, spdlog::level::info);
  ASSERT_TRUE(LogLevelFromName("panic", &level));
  EXPECT_EQ(level, spdlog::level::critical);
  EXPECT_FALSE(LogLevelFromName("debug6", &level));
  EXPECT_FALSE(LogLevelFromName("", &level));
}

}  // namespace
}  // namespace plinth
