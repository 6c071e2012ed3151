#include "neurotax/kernels/call_memo.hpp"

#include <bit>

namespace neurotax::kernels {

CallMemo::CallMemo(std::size_t max_bytes) {
  const std::size_t fitting = max_bytes / sizeof(Entry);
  if (fitting > 0) entries_ = ZeroedArray<Entry>(std::bit_floor(fitting));
}

bool CallMemo::worth_asking() noexcept {
  if (entries_.empty()) return false;
  if (resting_ == 0) return true;
  --resting_;
  return false;
}

bool CallMemo::find(const HitSetKey& key, ReadCall& call) noexcept {
  if (entries_.empty() || key.size == 0) return false;
  const Entry& entry = entries_[entry_of(key)];
  const bool answered = entry.key == key;
  if (answered) call = entry.call;
  ++asked_;
  answered_ += answered ? 1 : 0;
  if (asked_ == kWindow) {
    if (answered_ * kLeastAnswered < kWindow) resting_ = kRest;
    asked_ = answered_ = 0;
  }
  return answered;
}

void CallMemo::store(const HitSetKey& key, const ReadCall& call) noexcept {
  if (entries_.empty() || key.size == 0) return;
  entries_[entry_of(key)] = {key, call};
}

}  // namespace neurotax::kernels
