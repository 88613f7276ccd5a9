#include "engine/txn/commit_log.h"

namespace plinth {

void CommitLog::Restart(uint64_t last_committed) {
  std::lock_guard<std::mutex> lock(mu_);
  published_ = last_committed;
  last_write_.clear();
  order_.clear();
}

uint64_t CommitLog::published() const {
  std::lock_guard<std::mutex> lock(mu_);
  return published_;
}

uint64_t CommitLog::Pin() {
  std::lock_guard<std::mutex> lock(mu_);
  pins_.insert(published_);
  return published_;
}

void CommitLog::Unpin(uint64_t pinned) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pins_.find(pinned);
  if (it != pins_.end()) pins_.erase(it);
  PruneLocked();
}

uint64_t CommitLog::WrittenAfter(std::string_view key, uint64_t since) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_write_.find(std::string(key));
  if (it == last_write_.end() || it->second <= since) return 0;
  return it->second;
}

template <typename Keys, typename KeyOf>
void CommitLog::PublishKeys(uint64_t seq, const Keys& keys, KeyOf key_of, std::optional<uint64_t> committer_pin) {
  std::lock_guard<std::mutex> lock(mu_);
  published_ = seq;
  size_t others = pins_.size() - (committer_pin && pins_.count(*committer_pin) ? 1 : 0);
  if (others == 0) {
    // Every snapshot opened from now on contains this commit: no conflicts to detect.
    PruneLocked();
    return;
  }
  for (const auto& k : keys) {
    const std::string& key = key_of(k);
    last_write_[key] = seq;
    order_.emplace_back(seq, key);
  }
  PruneLocked();
}

void CommitLog::Publish(uint64_t seq, const std::vector<std::string>& keys, std::optional<uint64_t> committer_pin) {
  PublishKeys(seq, keys, [](const std::string& k) -> const std::string& { return k; }, committer_pin);
}

void CommitLog::Publish(uint64_t seq, std::span<const WriteOp> writes, std::optional<uint64_t> committer_pin) {
  PublishKeys(seq, writes, [](const WriteOp& w) -> const std::string& { return w.key; }, committer_pin);
}

void CommitLog::PruneLocked() {
  // No snapshot older than `horizon` is in use, so writes at or before it conflict with nobody.
  uint64_t horizon = pins_.empty() ? published_ : *pins_.begin();
  while (!order_.empty() && order_.front().first <= horizon) {
    auto it = last_write_.find(order_.front().second);
    if (it != last_write_.end() && it->second == order_.front().first) last_write_.erase(it);
    order_.pop_front();
  }
}

size_t CommitLog::tracked_keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_write_.size();
}

std::string EncodeCommitSeq(uint64_t seq) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; i--, seq >>= 8) out[i] = static_cast<char>(seq & 0xff);
  return out;
}

uint64_t DecodeCommitSeq(std::string_view bytes) {
  if (bytes.size() != 8) return 0;
  uint64_t seq = 0;
  for (unsigned char c : bytes) seq = seq << 8 | c;
  return seq;
}

}  // namespace plinth
