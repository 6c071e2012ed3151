#pragma once
#include <string>
#include <vector>

#include "neurotax/pipeline/read_source.hpp"

namespace neurotax::pipeline {

/// One sample of a sequencing run, or why it cannot be read.
struct SampleInput {
  std::string name;
  ReadFiles reads;
  std::string problem;  ///< non-empty: the sample is reported as failed with this reason
};

/// Samples of a run folder by Illumina's naming (NAME_S1_L001_R1_001.fastq.gz;
/// also NAME_R1.fastq.gz and NAME_1.fastq.gz): lanes of a sample are read one
/// after another, R2 files pair with their R1, `Undetermined` is skipped
/// unless asked for. A sample with an R1 but no R2 in a paired run is kept
/// with its problem stated. Throws InputError for a missing or empty folder.
[[nodiscard]] std::vector<SampleInput> discover_run_folder(const std::string& directory, bool include_undetermined);

/// An explicit sample sheet: `sample<TAB>R1[<TAB>R2]` per line, an optional
/// header line starting with "sample", relative paths taken from the sheet's
/// folder. Throws InputError naming the line for a malformed line, a missing
/// file or a duplicated sample name.
[[nodiscard]] std::vector<SampleInput> read_sample_sheet(const std::string& path);

}  // namespace neurotax::pipeline
