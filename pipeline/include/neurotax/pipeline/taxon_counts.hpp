#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "neurotax/db/database.hpp"
#include "neurotax/pipeline/reestimation.hpp"

namespace neurotax::pipeline {

/// Fragments called at each taxon of one database, plus the unclassified ones,
/// and, for re-estimation, the reads called above genus and species with the
/// taxa at those ranks that their hits named.
struct TaxonCounts {
  std::vector<std::uint64_t> direct;  ///< per internal taxon id
  std::uint64_t unclassified = 0;
  AmbiguousReads above_genus;
  AmbiguousReads above_species;

  explicit TaxonCounts(std::size_t taxa = 0) : direct(taxa, 0) {}
  /// Counts one read called at `call` (kNoTaxon: unclassified) whose hit-list
  /// runs have the LCA taxa `hit_taxa` (one entry per run). With the
  /// classifier's `lineage`, its best taxon and rival at each level are the
  /// candidates for re-estimation; otherwise the hit list's taxa are.
  void add_read(std::uint32_t call, std::span<const std::uint32_t> hit_taxa, const kernels::TaxonomyView& taxonomy,
                const kernels::ReadCall* lineage = nullptr);
  void add(const TaxonCounts& other);
  [[nodiscard]] std::uint64_t classified() const;
  [[nodiscard]] std::uint64_t total() const { return classified() + unclassified; }
  [[nodiscard]] std::size_t ambiguous_groups() const noexcept { return above_genus.size() + above_species.size(); }
  /// Clade counts: each taxon's direct count plus its descendants'.
  [[nodiscard]] std::vector<std::uint64_t> clade_counts(const kernels::TaxonomyView& taxonomy) const;

 private:
  std::vector<Candidate> candidates_scratch_;  // add_read's, reused: a read above genus would allocate otherwise
};

/// Counts taxa from Kraken-style per-read output files (ours or Kraken 2's made
/// with the same database). Throws InputError naming file and line on a
/// malformed line or a taxid the database does not know.
TaxonCounts count_per_read_file(const std::string& path, const db::Database& database);

}  // namespace neurotax::pipeline
