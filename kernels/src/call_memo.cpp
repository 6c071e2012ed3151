#include "neurotax/kernels/call_memo.hpp"

#include <algorithm>
#include <bit>

namespace neurotax::kernels {

CallMemo::CallMemo(std::size_t max_bytes) {
  const std::size_t fitting = max_bytes / sizeof(Entry);
  if (fitting > 0) entries_.resize(std::bit_floor(fitting));
}

bool CallMemo::find(std::span<const std::uint32_t> hits, std::uint64_t hash, ReadCall& call) const noexcept {
  if (entries_.empty() || hits.empty() || hits.size() > kMaxHits) return false;
  const Entry& entry = entries_[entry_of(hash)];
  if (entry.hash != hash || entry.size != hits.size() || !std::equal(hits.begin(), hits.end(), entry.hits.begin()))
    return false;
  call = entry.call;
  return true;
}

void CallMemo::store(std::span<const std::uint32_t> hits, std::uint64_t hash, const ReadCall& call) noexcept {
  if (entries_.empty() || hits.empty() || hits.size() > kMaxHits) return;
  Entry& entry = entries_[entry_of(hash)];
  entry.hash = hash;
  entry.size = static_cast<std::uint32_t>(hits.size());
  std::copy(hits.begin(), hits.end(), entry.hits.begin());
  entry.call = call;
}

}  // namespace neurotax::kernels
