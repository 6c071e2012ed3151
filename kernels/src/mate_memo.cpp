#include "neurotax/kernels/mate_memo.hpp"

#include <xxhash.h>

#include <algorithm>

namespace neurotax::kernels {
namespace {
/// A bucket of `size` (under 2^32) from the top bits of a hash, with no division.
std::size_t bucket(std::uint64_t hash, std::size_t size) noexcept { return ((hash >> 32) * size) >> 32; }
}  // namespace

MateKey mate_key(std::string_view sequence) noexcept {
  const XXH128_hash_t hash = XXH3_128bits(sequence.data(), sequence.size());
  return {hash.low64, hash.high64};
}

MateMemo::MateMemo(std::size_t max_bytes) {
  // A sixteenth of the budget remembers first sightings.
  // (bucket() spreads over fewer than 2^32.)
  constexpr std::size_t kMostBuckets = 0xFFFFFFFFU;
  const std::size_t fitting = std::min((max_bytes - max_bytes / 16) / sizeof(Entry), kMostBuckets);
  if (fitting == 0) return;
  entries_ = ZeroedArray<Entry>(fitting);
  seen_ = Doorkeeper(std::clamp<std::size_t>(max_bytes / 16 / sizeof(std::uint64_t), 1, kMostBuckets));
}

void MateMemo::prefetch(const MateKey& key) const noexcept {
  if (entries_.empty()) return;
  __builtin_prefetch(&entries_[bucket(key.low, entries_.size())]);
  seen_.prefetch(bucket(key.low, seen_.buckets()));
}

std::span<const MateRun> MateMemo::find(const MateKey& key) const noexcept {
  if (entries_.empty()) return {};
  const Entry& entry = entries_[bucket(key.low, entries_.size())];
  if (entry.runs == 0 || !(entry.key == key)) return {};
  return {entry.run, entry.runs};
}

bool MateMemo::seen_before(const MateKey& key) noexcept {
  return seen_.buckets() != 0 && seen_.seen_before(bucket(key.low, seen_.buckets()), key.high);
}

void MateMemo::store(const MateKey& key, std::span<const MateRun> runs) noexcept {
  if (entries_.empty() || runs.empty() || runs.size() > kMaxRuns) return;
  Entry& entry = entries_[bucket(key.low, entries_.size())];
  entry.key = key;
  entry.runs = static_cast<std::uint32_t>(runs.size());
  std::copy(runs.begin(), runs.end(), entry.run);
}

}  // namespace neurotax::kernels
