#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "neurotax/pipeline/abundance.hpp"
#include "neurotax/pipeline/run_info.hpp"

namespace neurotax::pipeline {

/// One knowledge-base fact matched to a detected taxon (a row of SAMPLE.neuroactive.json).
struct ReportFact {
  std::string taxon;
  std::string kb_taxon;
  bool possible = false;
  std::string how;
  std::string compound;
  std::string compound_label;
  std::string compound_class;
  std::string relation;
  std::string mechanism;
  std::string evidence;
  std::string grade;
  std::string scope;
  std::string source;
  double read_fraction = 0;
  std::optional<double> cell_fraction;
};

/// One compound and relation of a sample's neuroactive summary.
struct ReportCompound {
  std::string compound;
  std::string compound_label;
  std::string compound_class;
  std::string relation;
  double read_fraction = 0;
  std::optional<double> cell_fraction;
  double evidence_score = 0;
  std::vector<std::string> taxa;
  double possible_read_fraction = 0;
};

struct ReportSample {
  std::string name;
  std::string status = "done";  ///< as run_summary.tsv says: done, skipped (complete), failed
  std::string message;          ///< a failed sample's error
  std::uint64_t reads = 0;
  std::uint64_t classified = 0;
  std::optional<double> seconds;
  std::optional<SampleAbundance> profile;  ///< absent for a failed sample
  bool annotated = false;                  ///< SAMPLE.neuroactive.json was found
  std::vector<ReportFact> facts;
  std::vector<ReportCompound> compounds;
};

/// Everything a run report shows, read back from the files a run wrote.
struct ReportData {
  std::string title;
  std::optional<RunInfo> run;
  std::vector<ReportSample> samples;
};

/// Reads what the report needs from each input: a run folder (run_summary.tsv
/// and SAMPLE/SAMPLE.* of `run --run-dir/--samples`), a single-sample folder
/// (SAMPLE.abundance.tsv files in it), or SAMPLE.abundance.tsv files; the
/// SAMPLE.neuroactive.json beside each profile, and run_info.json where there
/// is one. Throws InputError naming the file and what is wrong, and for two
/// samples of one name.
[[nodiscard]] ReportData load_report_data(const std::vector<std::string>& inputs);

}  // namespace neurotax::pipeline
