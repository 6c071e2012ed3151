#pragma once
#include <string>
#include <vector>

#include "neurotax/pipeline/html_report.hpp"
#include "neurotax/pipeline/run_info.hpp"

namespace neurotax::pipeline {

/// Writes the HTML report of `data` to `output` atomically.
void write_report_file(const ReportData& data, const std::string& output, const ReportOptions& options);

/// What `run` writes last, once its samples are done: OUTDIR/run_info.json
/// (`info` with its end stamped now), OUTDIR/multiqc_config.yaml (sample names
/// for MultiQC's Kraken module) and OUTDIR/report.html made from the outputs in
/// OUTDIR. Returns the paths.
std::vector<std::string> write_run_report(const std::string& outdir, RunInfo info);

/// Krona's text input of every profiled sample, DIR/SAMPLE.krona.txt, for
/// ktImportText (one dataset per file). Returns the paths.
std::vector<std::string> write_krona_inputs(const ReportData& data, const std::string& directory);

}  // namespace neurotax::pipeline
