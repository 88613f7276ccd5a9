// Server logging over spdlog: one stderr sink, lines carrying the time, the level and
// the connection the current thread is serving ("[conn 17]"), so interleaved sessions
// can be told apart.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace plinth {

// Sets up the default logger. `level` is the log_min_messages setting; the PLINTH_LOG
// environment variable (debug, info, warning, error) overrides it. Safe to call again
// (the level and sink are replaced).
void InitLogging(const std::string& level);

// The same with a caller-chosen sink instead of stderr (tests capture lines this way).
void InitLogging(const std::string& level, std::shared_ptr<spdlog::sinks::sink> sink);

// Maps a log_min_messages / PLINTH_LOG value to an spdlog level: debug1..5 and debug ->
// debug; info, notice, log -> info; warning -> warn; error -> err; fatal, panic ->
// critical. Returns false for anything else.
bool LogLevelFromName(std::string_view name, spdlog::level::level_enum* level);

// The connection the calling thread works for; 0 = none. Lines logged from this thread
// then carry "[conn <id>]".
void SetConnectionId(uint64_t id);
uint64_t CurrentConnectionId();

// The host side of plinth_host_api.log: `level` is a plinth_log_level; lines read
// "[<plugin>] <msg>". Never throws (it is called from plugin code through the C ABI).
void LogFromPlugin(const char* plugin, int level, const char* msg) noexcept;

}  // namespace plinth
