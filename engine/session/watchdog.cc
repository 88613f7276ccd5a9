#include "engine/session/watchdog.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace plinth {

struct Watchdog::Impl {
  struct Entry {
    std::atomic<bool>* flag;
    std::atomic<bool>* fired;
    std::function<void()> fn;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::multimap<std::chrono::steady_clock::time_point, uint64_t> by_deadline;
  std::map<uint64_t, std::pair<std::chrono::steady_clock::time_point, Entry>> armed;
  uint64_t next = 1;

  void Run() {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      if (by_deadline.empty()) {
        cv.wait(lock);
        continue;
      }
      auto first = by_deadline.begin();
      if (cv.wait_until(lock, first->first) == std::cv_status::no_timeout) continue;  // re-check the map
      auto now = std::chrono::steady_clock::now();
      while (!by_deadline.empty() && by_deadline.begin()->first <= now) {
        uint64_t ticket = by_deadline.begin()->second;
        by_deadline.erase(by_deadline.begin());
        auto it = armed.find(ticket);
        if (it == armed.end()) continue;
        Entry e = std::move(it->second.second);
        armed.erase(it);
        if (e.fn) {
          e.fn();
        } else {
          e.fired->store(true);
          e.flag->store(true);
        }
      }
    }
  }
};

Watchdog::Watchdog() : impl_(new Impl) {
  std::thread([impl = impl_] { impl->Run(); }).detach();  // lives as long as the process
}

Watchdog& Watchdog::Instance() {
  static Watchdog* w = new Watchdog();  // never destroyed: its thread may outlive statics
  return *w;
}

uint64_t Watchdog::Arm(std::chrono::steady_clock::time_point deadline, std::atomic<bool>* flag,
                       std::atomic<bool>* fired) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  uint64_t t = impl_->next++;
  impl_->armed[t] = {deadline, Impl::Entry{flag, fired, nullptr}};
  impl_->by_deadline.emplace(deadline, t);
  impl_->cv.notify_one();
  return t;
}

uint64_t Watchdog::ArmCallback(std::chrono::steady_clock::time_point deadline, std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  uint64_t t = impl_->next++;
  impl_->armed[t] = {deadline, Impl::Entry{nullptr, nullptr, std::move(fn)}};
  impl_->by_deadline.emplace(deadline, t);
  impl_->cv.notify_one();
  return t;
}

void Watchdog::Disarm(uint64_t ticket) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->armed.find(ticket);
  if (it == impl_->armed.end()) return;
  auto range = impl_->by_deadline.equal_range(it->second.first);
  for (auto r = range.first; r != range.second; ++r) {
    if (r->second == ticket) {
      impl_->by_deadline.erase(r);
      break;
    }
  }
  impl_->armed.erase(it);
}

}  // namespace plinth
