#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "neurotax/db/reference_reader.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"

namespace neurotax::db {

struct BuildOptions {
  kernels::MinimizerParams minimizers;
  /// Longest posting list kept per minimizer before its taxa are merged upwards
  /// (1 to kernels::posting_list::kMaxEntries).
  unsigned max_postings = 8;
  std::string copy_numbers;  ///< rrnDB per-genus 16S copy numbers (rrnDBv4.2.2_copynumber.txt), optional
  /// Optional: also write the references as imported (filtered, deduplicated,
  /// labelled) as SINTAX FASTA whose ids carry Kraken 2's kraken:taxid|N tag,
  /// so vsearch, Kraken 2 and others can be built from exactly the same set.
  std::string write_reference;
  bool quiet = false;
};

struct BuildSummary {
  std::uint64_t references = 0;
  std::uint64_t taxa = 0;
  std::uint64_t keys = 0;
  std::uint64_t postings = 0;
  std::uint64_t bytes = 0;
  std::uint64_t identical_sequences_merged = 0;  ///< same sequence, same taxon: kept once
  std::map<std::string, std::uint64_t> dropped;  ///< records the importer dropped, per reason
  ReferenceFormat format = ReferenceFormat::kAuto;
  double seconds = 0;
};

/// Throws std::invalid_argument saying which option is out of range.
void validate(const BuildOptions& options);

/// Builds a database from labelled reference FASTA files and writes it
/// atomically to `output_path`. The result depends only on the inputs and
/// options, never on the thread count (set by the caller through oneTBB).
BuildSummary build_database(const ReferenceInputs& inputs, const BuildOptions& options,
                            const std::string& output_path);

}  // namespace neurotax::db
