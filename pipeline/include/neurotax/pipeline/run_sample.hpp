#pragma once
#include <string>
#include <vector>

#include "neurotax/db/database.hpp"
#include "neurotax/db/knowledge_base.hpp"
#include "neurotax/pipeline/abundance.hpp"
#include "neurotax/pipeline/classify_stage.hpp"

namespace neurotax::pipeline {

struct RunOptions {
  std::string sample;
  std::string outdir;
  ClassifyOptions classify;
  AbundanceOptions abundance;
  bool per_read_output = true;
  double min_abundance = 0.0;
};

struct RunOutputs {
  std::vector<std::string> files;
  ClassifyResult classification;
};

/// All stages for one sample in one process: classify -> aggregate -> annotate
/// -> write, with counts handed from stage to stage in memory. The outputs,
/// named after the sample, are written aside and moved into `outdir` together
/// once all are complete: a failed or interrupted sample leaves none of them.
RunOutputs run_sample(const db::Database& database, const db::KnowledgeBase& knowledge, const ReadFiles& reads,
                      const RunOptions& options);

/// Writes a sample's abundance outputs next to `prefix`: PREFIX.kreport,
/// .mpa.txt, .bracken.tsv, .abundance.tsv and .krona.txt, each atomically.
/// Returns the files written and the profile.
SampleAbundance write_abundance_outputs(const std::string& prefix, const TaxonCounts& counts,
                                        const db::Database& database, const std::string& sample,
                                        const AbundanceOptions& options, std::vector<std::string>& files);

/// A sample name from its first read file: the file name without directories,
/// compression and sequence extensions, and Illumina's _R1/_R1_001 mate tag.
[[nodiscard]] std::string sample_name_from_path(const std::string& path);

}  // namespace neurotax::pipeline
