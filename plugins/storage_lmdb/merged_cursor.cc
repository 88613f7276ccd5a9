#include "merged_cursor.h"

namespace plinth::storage_lmdb {

MergedCursor::MergedCursor(std::vector<SourceCursor*> sources)
    : sources_(std::move(sources)), valid_(sources_.size(), false) {}

bool MergedCursor::Ahead(std::string_view a, std::string_view b) const {
  return backward_ ? a > b : a < b;
}

bool MergedCursor::Seek(std::string_view key, bool backward) {
  backward_ = backward;
  for (size_t i = 0; i < sources_.size(); i++) valid_[i] = sources_[i]->Seek(key, backward);
  return Settle();
}

bool MergedCursor::Step(bool backward) {
  if (winner_ < 0) return false;
  if (backward != backward_) {
    // Turning around: every source goes to the nearest key strictly beyond the current
    // one in the new direction (the sources sat past it in the old direction).
    backward_ = backward;
    for (size_t i = 0; i < sources_.size(); i++) {
      valid_[i] = sources_[i]->Seek(current_, backward);
      if (valid_[i] && sources_[i]->key() == current_) valid_[i] = sources_[i]->Step(backward);
    }
  } else {
    StepPast(current_);
  }
  return Settle();
}

void MergedCursor::StepPast(std::string_view key) {
  for (size_t i = 0; i < sources_.size(); i++) {
    if (valid_[i] && sources_[i]->key() == key) valid_[i] = sources_[i]->Step(backward_);
  }
}

bool MergedCursor::Settle() {
  for (;;) {
    int best = -1;
    for (size_t i = 0; i < sources_.size(); i++) {
      // Ties go to the lower index: the newer source.
      if (valid_[i] && (best < 0 || Ahead(sources_[i]->key(), sources_[best]->key()))) {
        best = static_cast<int>(i);
      }
    }
    if (best < 0) {
      winner_ = -1;
      return false;
    }
    current_.assign(sources_[best]->key());
    if (!sources_[best]->tombstone()) {
      winner_ = best;
      return true;
    }
    StepPast(current_);
  }
}

bool MergedCursor::Current(std::string_view* key, std::string_view* value) const {
  if (winner_ < 0) return false;
  *key = sources_[winner_]->key();
  *value = sources_[winner_]->value();
  return true;
}

}  // namespace plinth::storage_lmdb
