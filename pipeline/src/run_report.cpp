#include "neurotax/pipeline/run_report.hpp"

#include <filesystem>

#include "neurotax/common/atomic_output.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/common/progress.hpp"

namespace neurotax::pipeline {

void write_report_file(const ReportData& data, const std::string& output, const ReportOptions& options) {
  write_file_atomically(output, format_html_report(data, options));
}

std::vector<std::string> write_run_report(const std::string& outdir, RunInfo info) {
  info.finished = utc_timestamp();
  info.seconds = seconds_since(info.clock_start);
  const std::filesystem::path folder(outdir);
  const std::string info_path = (folder / "run_info.json").string();
  const std::string report_path = (folder / "report.html").string();
  const std::string multiqc_path = (folder / "multiqc_config.yaml").string();
  write_file_atomically(info_path, format_run_info(info));
  // MultiQC's Kraken module finds the kreports by content; this turns their
  // file names (SAMPLE.kreport) into sample names.
  write_file_atomically(multiqc_path,
                        "# MultiQC settings for neurotax outputs: multiqc -c multiqc_config.yaml . (or run multiqc here)\n"
                        "extra_fn_clean_exts:\n  - \".kreport\"\n");
  ReportOptions options;
  options.generated = info.finished;
  write_report_file(load_report_data({outdir}), report_path, options);
  return {info_path, multiqc_path, report_path};
}

std::vector<std::string> write_krona_inputs(const ReportData& data, const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw InputError(directory + ": cannot create folder: " + error.message());
  std::vector<std::string> files;
  for (const ReportSample& sample : data.samples) {
    if (!sample.profile) continue;
    std::string file_name = sample.name;
    for (char& c : file_name)
      if (c == '/') c = '_';
    const std::string path = (std::filesystem::path(directory) / (file_name + ".krona.txt")).string();
    write_file_atomically(path, format_krona(*sample.profile));
    files.push_back(path);
  }
  return files;
}

}  // namespace neurotax::pipeline
