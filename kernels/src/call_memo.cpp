#include "neurotax/kernels/call_memo.hpp"

#include <bit>

namespace neurotax::kernels {

CallMemo::CallMemo(std::size_t max_bytes) {
  const std::size_t fitting = max_bytes / sizeof(Entry);
  if (fitting > 0) entries_ = ZeroedArray<Entry>(std::bit_floor(fitting));
}

bool CallMemo::find(const HitSetKey& key, ReadCall& call) const noexcept {
  if (entries_.empty() || key.size == 0) return false;
  const Entry& entry = entries_[entry_of(key)];
  if (!(entry.key == key)) return false;
  call = entry.call;
  return true;
}

void CallMemo::store(const HitSetKey& key, const ReadCall& call) noexcept {
  if (entries_.empty() || key.size == 0) return;
  entries_[entry_of(key)] = {key, call};
}

}  // namespace neurotax::kernels
