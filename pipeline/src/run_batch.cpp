#include "neurotax/pipeline/run_batch.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "neurotax/common/atomic_output.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/common/interruption.hpp"
#include "neurotax/common/progress.hpp"
#include "neurotax/common/text.hpp"
#include "neurotax/pipeline/annotate.hpp"
#include "neurotax/pipeline/run_info.hpp"
#include "neurotax/pipeline/run_report.hpp"
#include "neurotax/pipeline/sample_merge.hpp"

namespace neurotax::pipeline {
namespace {

/// What decides a sample's outputs besides its reads and the database.
std::string settings_of(const RunOptions& options) {
  std::string text;
  for (const auto& [key, value] : run_settings(options)) text += (text.empty() ? "" : " ") + key + '=' + value;
  return text;
}

nlohmann::json describe_inputs(const ReadFiles& reads) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const std::string& path : reads.all()) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    const auto time = std::filesystem::last_write_time(path, error);
    inputs.push_back({{"path", std::filesystem::absolute(path).string()},
                      {"bytes", error ? 0 : size},
                      {"modified", error ? 0 : time.time_since_epoch().count()}});
  }
  return inputs;
}

}  // namespace

bool BatchResult::any_failed() const {
  return std::any_of(outcomes.begin(), outcomes.end(), [](const SampleOutcome& o) { return o.status == "failed"; });
}

BatchResult run_batch(const db::Database& database, const db::KnowledgeBase& knowledge,
                      const std::vector<SampleInput>& samples, const RunOptions& options, bool force) {
  RunInfo info = describe_run(database, options);
  std::error_code error;
  std::filesystem::create_directories(options.outdir, error);
  if (error) throw InputError(options.outdir + ": cannot create output folder: " + error.message());
  const std::string settings = settings_of(options);
  const std::string database_checksum = hex64(database.header().checksum);

  BatchResult result;
  std::vector<SampleAbundance> profiles;
  std::vector<std::string> profile_sources, summaries;
  for (const SampleInput& sample : samples) {
    throw_if_stop_requested();
    const auto start = std::chrono::steady_clock::now();
    SampleOutcome outcome{sample.name, "done", "", 0, 0, 0};
    const std::string folder = (std::filesystem::path(options.outdir) / sample.name).string();
    const std::string prefix = (std::filesystem::path(folder) / sample.name).string();
    const std::string record_path = prefix + ".done.json";
    try {
      if (!sample.problem.empty()) throw InputError(sample.problem);
      const nlohmann::json expected = {{"neurotax", NEUROTAX_VERSION},
                                       {"database_checksum", database_checksum},
                                       {"settings", settings},
                                       {"inputs", describe_inputs(sample.reads)}};
      nlohmann::json record;
      if (!force && std::filesystem::exists(record_path)) {
        std::ifstream in(record_path);
        record = nlohmann::json::parse(in, nullptr, false);
      }
      if (!force && record.is_object() && record.value("key", nlohmann::json()) == expected) {
        outcome.status = "skipped (complete)";
        outcome.reads = record.value("reads", 0ULL);
        outcome.classified = record.value("classified", 0ULL);
      } else {
        std::filesystem::remove(record_path, error);  // any earlier record no longer describes the outputs
        RunOptions sample_options = options;
        sample_options.sample = sample.name;
        sample_options.outdir = folder;
        const RunOutputs outputs = run_sample(database, knowledge, sample.reads, sample_options);
        outcome.reads = outputs.classification.counts.total();
        outcome.classified = outputs.classification.counts.classified();
        const nlohmann::json done = {{"key", expected},
                                     {"reads", outcome.reads},
                                     {"classified", outcome.classified},
                                     {"finished", utc_timestamp()}};
        write_file_atomically(record_path, done.dump(2) + "\n");
      }
      profiles.push_back(read_abundance_table(prefix + ".abundance.tsv"));
      profile_sources.push_back(prefix + ".abundance.tsv");
      summaries.push_back(prefix + ".neuroactive_summary.tsv");
    } catch (const Interrupted&) {
      throw;  // the run stops; finished samples keep their records
    } catch (const std::exception& failure) {
      outcome.status = "failed";
      outcome.message = failure.what();
      if (!options.classify.quiet) std::fprintf(stderr, "sample %s failed: %s\n", sample.name.c_str(), failure.what());
    }
    outcome.seconds = seconds_since(start);
    result.outcomes.push_back(std::move(outcome));
  }

  std::string summary = "sample\tstatus\treads\tclassified_fraction\tseconds\tmessage\n";
  for (const SampleOutcome& outcome : result.outcomes) {
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, "%.4f\t%.2f",
                  outcome.reads > 0 ? static_cast<double>(outcome.classified) / static_cast<double>(outcome.reads) : 0.0,
                  outcome.seconds);
    summary += outcome.sample + '\t' + outcome.status + '\t' + std::to_string(outcome.reads) + '\t' + numbers + '\t' +
               outcome.message + '\n';
  }
  const auto write = [&](const std::string& name, const std::string& contents) {
    const std::string path = (std::filesystem::path(options.outdir) / name).string();
    write_file_atomically(path, contents);
    result.files.push_back(path);
  };
  write("run_summary.tsv", summary);
  if (!profiles.empty()) {
    const MergedTable table = merge_samples(profiles, profile_sources, options.abundance.rarefy_depth, options.abundance.seed);
    write("run.taxa.tsv", format_merged_tsv(table));
    write("run.biom", format_biom(table, utc_timestamp()));
    write("run.alpha.tsv", format_alpha_tsv(table));
    write("run.neuroactive_matrix.tsv", merge_compound_summaries(summaries));
  }
  for (std::string& file : write_run_report(options.outdir, std::move(info))) result.files.push_back(std::move(file));
  return result;
}

}  // namespace neurotax::pipeline
