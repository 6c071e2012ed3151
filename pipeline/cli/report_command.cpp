#include <cstdio>
#include <filesystem>

#include "command_line.hpp"
#include "neurotax/common/progress.hpp"
#include "neurotax/pipeline/rank_table.hpp"
#include "neurotax/pipeline/run_report.hpp"

namespace neurotax::cli {

int report_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "report", "neurotax report [--output REPORT.html] [options] RUN_DIR | SAMPLE.abundance.tsv...",
      "Writes one self-contained HTML page (no network needed to open it) from a run's outputs: run\n"
      "summary, quality flags, stacked bars of the top taxa as read and cell fractions, a samples x taxa\n"
      "heatmap, alpha diversity, and the neuroactive potential per compound with evidence and sources.\n"
      "Inputs: a folder written by `run` (its run_summary.tsv and SAMPLE/ folders, or a single sample's\n"
      "files) or SAMPLE.abundance.tsv files (with SAMPLE.neuroactive.json beside them). `run` writes\n"
      "DIR/report.html itself. --krona DIR writes each sample's Krona text input for ktImportText.",
      "neurotax report --rank family --output results/family.html results"};
  CommonOptions common;
  std::string output, rank = "genus", krona;
  std::vector<std::string> inputs;
  pipeline::ReportOptions report;
  po::options_description options("Options");
  options.add_options()
      ("output", po::value(&output), "the HTML file (default: report.html in the one input folder)")
      ("rank", po::value(&rank)->default_value(rank), "rank of the composition charts: phylum ... genus, species")
      ("top", count_value(&report.bar_taxa), "taxa in the stacked bars; the rest is other")
      ("heatmap-top", count_value(&report.heatmap_taxa), "taxa in the heatmap")
      ("page-size", count_value(&report.page_size), "samples per chart page, rows per table page")
      ("min-reads", count_value(&report.quality.min_reads), "flag samples with fewer reads")
      ("max-unclassified", po::value(&report.quality.max_unclassified)->default_value(report.quality.max_unclassified, shortest_text(report.quality.max_unclassified)),
       "flag samples with a larger unclassified fraction")
      ("dominant", po::value(&report.quality.dominant_fraction)->default_value(report.quality.dominant_fraction),
       "flag samples where one taxon has a larger read fraction")
      ("krona", po::value(&krona), "also write DIR/SAMPLE.krona.txt for KronaTools' ktImportText")
      ("inputs", po::value(&inputs)->composing(), "run folders or abundance tables (positional)");
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("inputs", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  if (inputs.empty()) throw UsageError("report: give a run folder or abundance tables");
  if (output.empty()) {
    if (inputs.size() != 1 || !std::filesystem::is_directory(inputs.front()))
      throw UsageError("report: --output is needed unless the input is one folder");
    output = (std::filesystem::path(inputs.front()) / "report.html").string();
  }
  if (report.page_size == 0) throw UsageError("report: --page-size must be at least 1");
  report.rank = pipeline::parse_rank(rank);
  report.generated = utc_timestamp();
  const pipeline::ReportData data = pipeline::load_report_data(inputs);
  pipeline::write_report_file(data, output, report);
  if (!common.quiet) std::fprintf(stderr, "wrote %s (%zu samples)\n", output.c_str(), data.samples.size());
  if (!krona.empty()) {
    const auto files = pipeline::write_krona_inputs(data, krona);
    if (!common.quiet) {
      std::fprintf(stderr, "wrote %zu Krona inputs; with KronaTools:\n  ktImportText -o krona.html", files.size());
      for (const std::string& file : files)
        std::fprintf(stderr, " %s,%s", file.c_str(), std::filesystem::path(file).stem().stem().c_str());
      std::fprintf(stderr, "\n");
    }
  }
  return 0;
}

}  // namespace neurotax::cli
