#include "neurotax/pipeline/read_cache.hpp"

#include <xxhash.h>

#include <algorithm>
#include <bit>

namespace neurotax::pipeline {
namespace {

constexpr std::size_t kShards = 64;
/// Below this a shard cannot hold enough results to be worth a lock.
constexpr std::size_t kSmallestShard = 4096;

}  // namespace

ReadCache::ReadCache(std::size_t max_bytes) {
  const std::size_t shard_budget = max_bytes / kShards;
  if (shard_budget < kSmallestShard) return;
  // An eighth of the budget remembers first sightings, an eighth holds the
  // slots (at most half of them used, so an entry has 256 bytes or more of
  // the budget; results are larger), the rest the entries.
  seen_per_shard_ = std::bit_floor(shard_budget / 8 / sizeof(std::uint64_t));
  slots_per_shard_ = std::bit_floor(shard_budget / 8 / sizeof(Slot));
  entry_budget_ = shard_budget - seen_per_shard_ * sizeof(std::uint64_t) - slots_per_shard_ * sizeof(Slot);
  seen_ = Doorkeeper(seen_per_shard_ * kShards);
  shards_ = std::vector<Shard>(kShards);
  slots_ = ZeroedArray<Slot>(slots_per_shard_ * kShards);
}

ReadCache::Key ReadCache::make_key(std::string_view mate1, std::string_view mate2, bool paired) {
  // One-shot hashes (the streaming API copies its input): the second mate's
  // hash seeds the first's, and an unpaired read has its own seed, so that
  // (A, BC) and (AB, C) and a single read never share a key.
  const XXH64_hash_t seed = paired ? XXH3_64bits(mate2.data(), mate2.size()) : 0x5eed5eed5eed5eedULL;
  const XXH128_hash_t hash = XXH3_128bits_withSeed(mate1.data(), mate1.size(), seed);
  return {hash.low64, hash.high64};
}

void ReadCache::prefetch(const Key& key) const noexcept {
  __builtin_prefetch(&shards_[shard_index(key)]);
  __builtin_prefetch(&slots_[first_slot(key) + home_slot(key)]);
  seen_.prefetch(seen_bucket(key));
}

void ReadCache::empty_shard(Shard& shard, Slot* slots) {
  std::fill_n(slots, slots_per_shard_, Slot{0, 0});
  shard.entries.clear();
  shard.bytes = 0;
}

bool ReadCache::find(const Key& key, CachedResult& result, bool& store) {
  Shard& shard = shards_[shard_index(key)];
  const Slot* slots = &slots_[first_slot(key)];
  std::lock_guard lock(shard.mutex);
  // At most half the slots are used, so every probe ends at a free one.
  for (std::size_t s = home_slot(key);; s = (s + 1) & (slots_per_shard_ - 1)) {
    const Slot& slot = slots[s];
    if (slot.entry == 0) break;
    if (slot.low == key.low && shard.entries[slot.entry - 1].key == key) {
      ++shard.hits;
      result = shard.entries[slot.entry - 1].result;
      return true;
    }
  }
  store = seen_.seen_before(seen_bucket(key), key.high);
  return false;
}

void ReadCache::insert(const Key& key, const CachedResult& result) {
  const std::size_t cost = sizeof(Entry) + result.kraken_tail.size() + result.lineage_tail.size();
  if (cost > entry_budget_) return;
  Shard& shard = shards_[shard_index(key)];
  Slot* slots = &slots_[first_slot(key)];
  std::lock_guard lock(shard.mutex);
  if (shard.bytes + cost > entry_budget_ || 2 * (shard.entries.size() + 1) > slots_per_shard_)
    empty_shard(shard, slots);
  for (std::size_t s = home_slot(key);; s = (s + 1) & (slots_per_shard_ - 1)) {
    Slot& slot = slots[s];
    if (slot.entry == 0) {
      shard.entries.push_back({key, result});
      slot = {key.low, shard.entries.size()};
      shard.bytes += cost;
      return;
    }
    if (slot.low == key.low && shard.entries[slot.entry - 1].key == key) return;  // another thread stored it first
  }
}

std::uint64_t ReadCache::hits() const noexcept {
  std::uint64_t total = 0;
  for (const Shard& shard : shards_) total += shard.hits;  // read after the pipeline has finished
  return total;
}

}  // namespace neurotax::pipeline
