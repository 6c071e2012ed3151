#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "neurotax/db/reference_reader.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"

namespace neurotax::db {

struct BuildOptions {
  kernels::MinimizerParams minimizers;
  ReferenceFormat format = ReferenceFormat::kAuto;
  bool quiet = false;
};

struct BuildSummary {
  std::uint64_t references = 0;
  std::uint64_t taxa = 0;
  std::uint64_t keys = 0;
  std::uint64_t postings = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
};

/// Builds a database from labelled reference FASTA files and writes it
/// atomically to `output_path`. The result depends only on the inputs and
/// options, never on the thread count (set by the caller through oneTBB).
BuildSummary build_database(const std::vector<std::string>& reference_paths, const BuildOptions& options,
                            const std::string& output_path);

}  // namespace neurotax::db
