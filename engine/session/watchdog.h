// Deadlines for statement_timeout: one background thread sets a session's cancel flag
// when its running statement passes its deadline. Arm/Disarm are cheap (a map insert).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

namespace plinth {

class Watchdog {
 public:
  static Watchdog& Instance();
  // Sets *flag (and *fired) at `deadline` unless disarmed first. Returns a ticket.
  uint64_t Arm(std::chrono::steady_clock::time_point deadline, std::atomic<bool>* flag, std::atomic<bool>* fired);
  // Runs `fn` on the watchdog thread at `deadline` unless disarmed first (keep it short).
  uint64_t ArmCallback(std::chrono::steady_clock::time_point deadline, std::function<void()> fn);
  void Disarm(uint64_t ticket);

 private:
  Watchdog();
  struct Impl;
  Impl* impl_;
};

}  // namespace plinth
