#include "host/log/log.h"

#include <cstdlib>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "host/config/value_parsers.h"
#include "plinth/plugin.h"

namespace plinth {
namespace {

thread_local uint64_t t_connection_id = 0;

// "%C" in the pattern: " [conn 17]" while the thread serves a connection, else nothing.
class ConnectionIdFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    if (t_connection_id == 0) return;
    fmt::format_to(std::back_inserter(dest), " [conn {}]", t_connection_id);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ConnectionIdFlag>();
  }
};

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%l%$%C %v";

spdlog::level::level_enum EffectiveLevel(const std::string& setting) {
  spdlog::level::level_enum level = spdlog::level::info;
  if (!LogLevelFromName(setting, &level)) level = spdlog::level::info;
  if (const char* env = std::getenv("PLINTH_LOG"); env != nullptr && *env != '\0') {
    spdlog::level::level_enum from_env;
    if (LogLevelFromName(env, &from_env)) {
      level = from_env;
    } else {
      // A bad variable must not stop the server; say so once and keep the setting.
      std::fprintf(stderr, "plinth: ignoring PLINTH_LOG=%s (expected debug, info, warning or error)\n", env);
    }
  }
  return level;
}

}  // namespace

bool LogLevelFromName(std::string_view name, spdlog::level::level_enum* level) {
  const std::string n = config::ToLower(config::Trim(name));
  if (n == "debug" || (n.size() == 6 && n.rfind("debug", 0) == 0 && n[5] >= '1' && n[5] <= '5')) {
    *level = spdlog::level::debug;
  } else if (n == "info" || n == "notice" || n == "log") {
    *level = spdlog::level::info;
  } else if (n == "warning" || n == "warn") {
    *level = spdlog::level::warn;
  } else if (n == "error") {
    *level = spdlog::level::err;
  } else if (n == "fatal" || n == "panic") {
    *level = spdlog::level::critical;
  } else {
    return false;
  }
  return true;
}

void InitLogging(const std::string& level, std::shared_ptr<spdlog::sinks::sink> sink) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<ConnectionIdFlag>('C').set_pattern(kPattern);
  sink->set_formatter(std::move(formatter));
  auto logger = std::make_shared<spdlog::logger>("plinth", std::move(sink));
  const auto effective = EffectiveLevel(level);
  logger->set_level(effective);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

void InitLogging(const std::string& level) {
  InitLogging(level, std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
}

void SetConnectionId(uint64_t id) { t_connection_id = id; }
uint64_t CurrentConnectionId() { return t_connection_id; }

void LogFromPlugin(const char* plugin, int level, const char* msg) noexcept {
  try {
    spdlog::level::level_enum spd_level = spdlog::level::info;
    switch (level) {
      case PLINTH_LOG_DEBUG: spd_level = spdlog::level::debug; break;
      case PLINTH_LOG_INFO: spd_level = spdlog::level::info; break;
      case PLINTH_LOG_WARNING: spd_level = spdlog::level::warn; break;
      case PLINTH_LOG_ERROR: spd_level = spdlog::level::err; break;
      default: spd_level = spdlog::level::info; break;  // unknown levels still get through
    }
    spdlog::log(spd_level, "[{}] {}", plugin ? plugin : "?", msg ? msg : "(null)");
  } catch (...) {
    // Logging must never unwind into plugin code.
  }
}

}  // namespace plinth
