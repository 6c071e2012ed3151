#pragma once
#include <string>
#include <vector>

#include "neurotax/pipeline/run_folder.hpp"
#include "neurotax/pipeline/run_sample.hpp"

namespace neurotax::pipeline {

struct SampleOutcome {
  std::string sample;
  std::string status;   ///< done, skipped (already complete), or failed
  std::string message;  ///< the error, for a failed sample
  std::uint64_t reads = 0;
  std::uint64_t classified = 0;
  double seconds = 0;
};

struct BatchResult {
  std::vector<SampleOutcome> outcomes;
  std::vector<std::string> files;  ///< run-level tables written
  [[nodiscard]] bool any_failed() const;
};

/// Runs every sample of a sequencing run against one loaded database: each
/// into OUTDIR/SAMPLE/, then run-level tables in OUTDIR (run_summary.tsv;
/// run.taxa.tsv, run.biom and run.alpha.tsv of the samples' profiles;
/// run.neuroactive_matrix.tsv; run_info.json and report.html). A sample that fails is reported with its error
/// and the others go on. A finished sample leaves SAMPLE.done.json, written
/// last; rerunning skips samples whose record matches their inputs (paths,
/// sizes, modification times), the database and the settings, unless `force`.
BatchResult run_batch(const db::Database& database, const db::KnowledgeBase& knowledge,
                      const std::vector<SampleInput>& samples, const RunOptions& options, bool force);

}  // namespace neurotax::pipeline
