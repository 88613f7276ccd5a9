#include "engine/txn/lock_manager.h"

#include <unordered_set>

namespace plinth {

bool LockManager::Grantable(const Entry& e, TxnId txn, LockMode mode) {
  for (const auto& [holder, held] : e.holders)
    if (holder != txn && Conflicts(held, mode)) return false;
  return true;
}

bool LockManager::InDeadlock(TxnId txn) const {
  // Depth-first over "waits for" edges: a waiter waits for every other holder of its
  // key whose mode conflicts with the one it asked for. Only waiters have out-edges.
  std::vector<TxnId> stack{txn};
  std::unordered_set<TxnId> seen;
  while (!stack.empty()) {
    TxnId t = stack.back();
    stack.pop_back();
    auto w = waiting_.find(t);
    if (w == waiting_.end()) continue;
    auto e = table_.find(*w->second.key);
    if (e == table_.end()) continue;
    for (const auto& [holder, held] : e->second.holders) {
      if (holder == t || !Conflicts(held, w->second.mode)) continue;
      if (holder == txn) return true;
      if (seen.insert(holder).second) stack.push_back(holder);
    }
  }
  return false;
}

Status LockManager::Acquire(TxnId txn, const std::string& key, LockMode mode, const LockWait& wait,
                            std::optional<LockMode>* previous) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = table_.try_emplace(key).first;
  Entry& e = it->second;
  auto mine = e.holders.find(txn);
  *previous = mine == e.holders.end() ? std::nullopt : std::optional<LockMode>(mine->second);
  if (*previous && (*previous == LockMode::Exclusive || mode == LockMode::Share)) return Status::OK();

  if (!Grantable(e, txn, mode)) {
    std::optional<std::chrono::steady_clock::time_point> deadline;
    if (wait.timeout.count() > 0) deadline = std::chrono::steady_clock::now() + wait.timeout;
    e.waiters++;
    waiting_[txn] = Waiting{&it->first, mode};
    Status outcome;
    for (;;) {
      if (Grantable(e, txn, mode)) break;
      if (InDeadlock(txn)) {
        outcome = Status::Error("40P01", "deadlock detected");
        break;
      }
      if (wait.cancel && wait.cancel->load()) {
        outcome = Status::Error("57014", "canceling statement due to user request");
        break;
      }
      auto now = std::chrono::steady_clock::now();
      if (deadline && now >= *deadline) {
        outcome = Status::Error("55P03", "canceling statement due to lock timeout");
        break;
      }
      auto until = now + kCancelPoll;
      if (deadline && *deadline < until) until = *deadline;
      released_.wait_until(lock, until);
    }
    waiting_.erase(txn);
    e.waiters--;
    if (!outcome.ok()) {
      if (e.holders.empty() && e.waiters == 0) table_.erase(it);
      return outcome;
    }
  }
  e.holders[txn] = mode;
  return Status::OK();
}

void LockManager::Restore(TxnId txn, const std::string& key, std::optional<LockMode> previous) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = table_.find(key);
    if (it == table_.end()) return;
    if (previous) it->second.holders[txn] = *previous;
    else it->second.holders.erase(txn);
    if (it->second.holders.empty() && it->second.waiters == 0) table_.erase(it);
  }
  released_.notify_all();
}

size_t LockManager::WaitingCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_.size();
}

size_t LockManager::LockedKeyCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return table_.size();
}

Status LockSet::Acquire(const std::string& key, LockMode mode, const LockWait& wait) {
  if (!manager_ || Holds(key, mode)) return Status::OK();
  std::optional<LockMode> previous;
  PLINTH_RETURN_IF_ERROR(manager_->Acquire(txn_, key, mode, wait, &previous));
  acquired_.push_back(Acquisition{key, previous});
  held_[key] = mode;
  return Status::OK();
}

bool LockSet::Holds(const std::string& key, LockMode mode) const {
  auto it = held_.find(key);
  return it != held_.end() && (it->second == LockMode::Exclusive || mode == LockMode::Share);
}

void LockSet::ReleaseAfter(size_t mark) {
  while (acquired_.size() > mark) {
    Acquisition& a = acquired_.back();
    if (manager_) manager_->Restore(txn_, a.key, a.previous);
    if (a.previous) held_[a.key] = *a.previous;
    else held_.erase(a.key);
    acquired_.pop_back();
  }
}

}  // namespace plinth
