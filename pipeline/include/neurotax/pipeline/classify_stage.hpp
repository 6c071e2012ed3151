#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "neurotax/common/atomic_output.hpp"
#include "neurotax/db/database.hpp"
#include "neurotax/kernels/read_classifier.hpp"
#include "neurotax/pipeline/read_source.hpp"
#include "neurotax/pipeline/taxon_counts.hpp"

namespace neurotax::pipeline {

struct ClassifyOptions {
  kernels::ClassifierParams classifier;
  bool use_names = false;
  bool quiet = false;
  std::size_t threads = 1;             ///< sizes the number of batches in flight
  std::size_t cache_mb = 64;  ///< MiB for the shared cache of repeated sequences; 0 = off
  unsigned minimum_base_quality = 0;  ///< bases of a lower Phred quality are masked (mask_low_quality_bases); 0 = off
  bool reconcile_mates = true;  ///< overlapping mates' disagreements are settled by quality, or masked for the words (ReconciledMates)
  std::size_t batch_fragments = 4096;
  std::size_t batch_bases = std::size_t{4} << 20;
};

/// Where per-read results go; null sinks are skipped.
struct ClassifySinks {
  AtomicOutputFile* kraken = nullptr;   ///< Kraken 2 per-read format
  AtomicOutputFile* lineage = nullptr;  ///< per-read lineage TSV with per-rank confidence
  /// Classified and unclassified reads as FASTQ (FASTA for input without
  /// qualities), headers tagged `kraken:taxid|N` as Kraken 2 does; [1] takes
  /// second mates (null: both mates go to [0]).
  std::array<AtomicOutputFile*, 2> classified{};
  std::array<AtomicOutputFile*, 2> unclassified{};
};

struct ClassifyResult {
  TaxonCounts counts;
  std::uint64_t fragments = 0;
  std::uint64_t bases = 0;
  std::uint64_t cache_hits = 0;  ///< fragments answered from the cache of repeated sequences
  std::uint64_t reconciled_pairs = 0;  ///< pairs whose overlapping mates settled a disagreement
  std::uint64_t settled_bases = 0;     ///< bases those pairs settled
  double seconds = 0;
};

/// Classifies every fragment of `read_paths` with a oneTBB pipeline: a serial
/// reader cuts batches, batches are classified in parallel, and a serial,
/// in-order writer emits them, so output order equals input order and the
/// results are the same for any thread count. Counts are handed back in memory.
ClassifyResult classify_reads(const db::Database& database, const ReadFiles& reads, const ClassifyOptions& options,
                              const ClassifySinks& sinks);

}  // namespace neurotax::pipeline
