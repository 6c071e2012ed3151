#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "neurotax/common/doorkeeper.hpp"
#include "neurotax/common/zeroed_array.hpp"
#include "neurotax/kernels/read_classifier.hpp"

namespace neurotax::pipeline {

/// What classifying one sequence (or pair) produced, apart from its read id:
/// the call and the id-free ends of its output lines. Amplicon runs repeat the
/// same sequences thousands of times, so these are looked up, not recomputed.
struct CachedResult {
  kernels::ReadCall call;
  std::string kraken_tail;   ///< per-read output after the read id ("\t562\t250|250\t...\n")
  std::string lineage_tail;  ///< lineage TSV after the read id
};

/// A cache of results keyed by a 128-bit hash of the fragment's sequences,
/// shared by all classification threads. A sequence is remembered as seen the
/// first time and its result stored the second, so singletons (most reads
/// with a sequencing error) cost a hash and no copies. The cache is split into
/// shards with one lock each; a shard that outgrows its share of `max_bytes`
/// is emptied, so memory stays bounded whatever the input. Results depend only
/// on the sequences, so output is identical with the cache on or off.
///
/// Most lookups miss, so a miss is made cheap: each shard is an open-addressed
/// table of 16-byte slots, and `prefetch` lets the caller fetch the slot and
/// the first-sighting bucket of the next fragment while it classifies this one.
class ReadCache {
 public:
  struct Key {
    std::uint64_t low;
    std::uint64_t high;
    friend bool operator==(const Key&, const Key&) = default;
  };

  explicit ReadCache(std::size_t max_bytes);

  /// The key of a fragment: its mates, separated so that (A, BC) != (AB, C).
  [[nodiscard]] static Key make_key(std::string_view mate1, std::string_view mate2, bool paired);

  [[nodiscard]] bool enabled() const noexcept { return !shards_.empty(); }
  /// Starts loading the memory that `find(key)` reads.
  void prefetch(const Key& key) const noexcept;
  /// Copies a cached result into `result` and returns true; otherwise returns
  /// false and says in `store` whether the result is worth inserting (seen before).
  bool find(const Key& key, CachedResult& result, bool& store);
  void insert(const Key& key, const CachedResult& result);

  [[nodiscard]] std::uint64_t hits() const noexcept;

 private:
  /// A table slot: the key's low half, which picks the slot, and 1 + the
  /// index of its entry (0 when free). The full key is checked in the entry.
  struct Slot {
    std::uint64_t low;
    std::uint64_t entry;
  };
  struct Entry {
    Key key;
    CachedResult result;
  };
  struct alignas(64) Shard {  // a cache line each, so that threads locking neighbours do not share one
    std::mutex mutex;
    std::vector<Entry> entries;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;
  };
  [[nodiscard]] std::size_t shard_index(const Key& key) const noexcept { return key.high % shards_.size(); }
  /// Where in slots_ the slots of shard `shard_index(key)` begin.
  [[nodiscard]] std::size_t first_slot(const Key& key) const noexcept { return shard_index(key) * slots_per_shard_; }
  [[nodiscard]] std::size_t home_slot(const Key& key) const noexcept { return key.low & (slots_per_shard_ - 1); }
  [[nodiscard]] std::size_t seen_bucket(const Key& key) const noexcept {
    return shard_index(key) * seen_per_shard_ + (key.low >> 32 & (seen_per_shard_ - 1));
  }
  void empty_shard(Shard& shard, Slot* slots);

  std::size_t entry_budget_ = 0;  ///< bytes of entries a shard may hold
  std::size_t slots_per_shard_ = 0;
  std::vector<Shard> shards_;
  /// Every shard's slots, one block after another: their address is worked
  /// out without touching the shard.
  ZeroedArray<Slot> slots_;
  /// First sightings: each shard its own slice of buckets.
  Doorkeeper seen_;
  std::size_t seen_per_shard_ = 0;
};

}  // namespace neurotax::pipeline
