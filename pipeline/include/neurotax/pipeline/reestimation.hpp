#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "neurotax/kernels/read_classifier.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::pipeline {

/// Ranks at which abundances are re-estimated.
enum class EstimationLevel { kGenus, kSpecies };

/// A taxon at the estimation level that a read may come from, and how likely,
/// relative to the read's other candidates, in thousandths (so that reads with
/// the same candidates group together).
struct Candidate {
  std::uint32_t taxon;
  std::uint32_t weight;
};
inline constexpr std::uint32_t kFullWeight = 1000;

/// Reads called above an estimation level, grouped by their call and by the
/// taxa at that level which their own evidence names (the taxa of their
/// minimizer hits under the call), with the support of each. Identical groups
/// are counted once, so the table stays small however many reads there are.
class AmbiguousReads {
 public:
  /// Adds `count` reads called at `call` whose hits name `candidates` (sorted by taxon).
  void add(std::uint32_t call, const std::vector<Candidate>& candidates, std::uint64_t count = 1);
  void merge(const AmbiguousReads& other);

  struct Group {
    std::uint32_t call;
    std::vector<Candidate> candidates;  ///< by taxon; empty: nothing below the call was hit
    std::uint64_t reads;
  };
  /// The groups in key order (call, then candidates).
  [[nodiscard]] std::vector<Group> groups() const;
  [[nodiscard]] std::size_t size() const noexcept { return groups_.size(); }

 private:
  // A group's key is its call, then (taxon, weight) pairs, kept one after
  // another in keys_. Nearly every read is added here (few are called at
  // species), so the table is open-addressed, and small, since reads that
  // never repeat make hundreds of thousands of groups: an 8-byte slot holds
  // 32 bits of the key's hash and the group's number.
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t group = 0;  ///< 1 + index into groups_; 0: a free slot
  };
  struct GroupEntry {
    std::uint32_t key_begin;
    std::uint32_t key_size;
    std::uint64_t reads;
  };
  [[nodiscard]] std::span<const std::uint32_t> key_of(const GroupEntry& group) const {
    return {keys_.data() + group.key_begin, group.key_size};
  }
  void add_key(std::span<const std::uint32_t> key, std::uint64_t count);
  void grow();

  std::vector<Slot> slots_;  // a power of two, at most half used
  std::vector<GroupEntry> groups_;
  std::vector<std::uint32_t> keys_;
  std::vector<std::uint32_t> key_;  // scratch for add()
};

/// The taxa at `level` (kernels rank index) under `call` that `hit_taxa` (one
/// entry per hit-list run, LCA taxa) name; the likelihood halves with each
/// hit a candidate has fewer than the best-supported one.
void level_candidates(std::uint32_t call, std::span<const std::uint32_t> hit_taxa, std::size_t rank_index,
                      const kernels::TaxonomyView& taxonomy, std::vector<Candidate>& out);

/// Candidates from the classifier's own comparison at the level: its best
/// taxon and its strongest rival, weighted by the odds that the best wins a
/// bootstrap round against the rival, raised to the fourth power.
void classifier_candidates(const kernels::RankCall& at_level, std::vector<Candidate>& out);

/// Per taxon at the level: reads the classifier put at or below it, and reads
/// moved down to it from above by expectation-maximisation.
struct LevelEstimate {
  std::vector<std::uint32_t> taxa;        ///< taxa at the level with reads, by taxon id
  std::vector<std::uint64_t> assigned;    ///< classifier's clade reads
  std::vector<double> added;              ///< re-estimated reads from above the level
  std::uint64_t unresolved = 0;           ///< reads above the level that no taxon below their call could take
  unsigned iterations = 0;
};

/// Redistributes reads called above `rank_index` over the taxa at that rank by
/// expectation-maximisation, as Emu does for 16S: each ambiguous group's reads
/// go to its candidates in proportion to abundance x the candidate's
/// likelihood for the read (so a read that leans towards Salmonella is not
/// handed to a more abundant Escherichia), iterated to convergence (change
/// under 1e-7, at most 1,000 rounds). A group with no candidate shares among
/// every taxon under its call that has reads. Deterministic: no random start.
[[nodiscard]] LevelEstimate reestimate(std::span<const std::uint64_t> clade_counts, const AmbiguousReads& ambiguous,
                                       std::size_t rank_index, const kernels::TaxonomyView& taxonomy);

[[nodiscard]] std::size_t rank_index_of(EstimationLevel level) noexcept;

}  // namespace neurotax::pipeline
