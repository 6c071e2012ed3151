#include "neurotax/pipeline/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/text.hpp"

namespace neurotax::pipeline {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kProfileSuffix = ".abundance.tsv";

/// A share of reads or cells in [0, 1] (sums of shares may pass 1 by a rounding
/// error): anything else is a damaged file, and would draw nonsense bars and colours.
double share(const nlohmann::json& value, const std::string& what) {
  constexpr double kRounding = 1e-9;
  const double number = value.get<double>();
  if (!(number >= 0.0 && number <= 1.0 + kRounding))
    throw std::range_error(what + " is " + value.dump() + ", not between 0 and 1");
  return std::min(number, 1.0);
}

std::optional<double> optional_share(const nlohmann::json& object, const std::string& field, const std::string& what) {
  const auto found = object.find(field);
  if (found == object.end() || !found->is_number()) return std::nullopt;
  return share(*found, what + " " + field);
}

/// Reads SAMPLE.neuroactive.json into `sample`.
void read_annotation(const std::string& path, ReportSample& sample) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open");
  const nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
  if (!document.is_object() || !document.contains("matches") || !document.contains("compounds"))
    throw InputError(path + ": not a neurotax annotation (annotate and run write SAMPLE.neuroactive.json)");
  try {
    for (const auto& match : document.at("matches")) {
      ReportFact fact;
      fact.taxon = match.at("taxon").get<std::string>();
      fact.kb_taxon = match.value("kb_taxon", fact.taxon);
      fact.possible = match.value("certainty", "match") == "possible";
      fact.how = match.value("match", "");
      fact.compound = match.at("compound").get<std::string>();
      fact.compound_label = match.value("compound_label", fact.compound);
      fact.compound_class = match.value("compound_class", "");
      fact.relation = match.at("relation").get<std::string>();
      fact.mechanism = match.value("mechanism", "");
      fact.evidence = match.value("evidence", "");
      fact.grade = match.value("grade", "");
      fact.scope = match.value("scope", "");
      fact.source = match.value("source", "");
      const std::string what = "match " + fact.taxon + " / " + fact.compound;
      fact.read_fraction = share(match.at("read_fraction"), what + " read_fraction");
      fact.cell_fraction = optional_share(match, "cell_fraction", what);
      sample.facts.push_back(std::move(fact));
    }
    for (const auto& summary : document.at("compounds")) {
      ReportCompound compound;
      compound.compound = summary.at("compound").get<std::string>();
      compound.compound_label = summary.value("compound_label", compound.compound);
      compound.compound_class = summary.value("compound_class", "");
      compound.relation = summary.at("relation").get<std::string>();
      const std::string what = "compound " + compound.compound + " (" + compound.relation + ")";
      compound.read_fraction = share(summary.at("read_fraction"), what + " read_fraction");
      compound.cell_fraction = optional_share(summary, "cell_fraction", what);
      compound.evidence_score = optional_share(summary, "evidence_score", what).value_or(0.0);
      compound.taxa = summary.value("taxa", std::vector<std::string>());
      compound.possible_read_fraction = optional_share(summary, "possible_read_fraction", what).value_or(0.0);
      sample.compounds.push_back(std::move(compound));
    }
  } catch (const nlohmann::json::exception& error) {
    throw InputError(path + ": " + error.what());
  } catch (const std::range_error& error) {
    throw InputError(path + ": " + error.what());
  }
  sample.annotated = true;
}

/// A sample from its abundance table, with the annotation beside it when present.
ReportSample read_profile(const std::string& profile_path) {
  ReportSample sample;
  sample.profile = read_abundance_table(profile_path);
  sample.name = sample.profile->sample;
  if (sample.name.empty()) {
    const std::string file = fs::path(profile_path).filename().string();
    sample.name = file.substr(0, file.size() - kProfileSuffix.size());
  }
  sample.reads = sample.profile->total_reads;
  sample.classified = sample.reads - std::min(sample.reads, sample.profile->unclassified_reads);
  const std::string annotation =
      profile_path.substr(0, profile_path.size() - kProfileSuffix.size()) + ".neuroactive.json";
  if (fs::exists(annotation)) read_annotation(annotation, sample);
  return sample;
}

/// The samples of a batch run, in run_summary.tsv's order.
std::vector<ReportSample> read_run_folder(const fs::path& folder) {
  const std::string summary_path = (folder / "run_summary.tsv").string();
  std::ifstream in(summary_path);
  if (!in) throw InputError(summary_path + ": cannot open");
  std::vector<ReportSample> samples;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto fields = split_field_strings(line, '\t');
    const auto fail = [&](const std::string& what) {
      throw InputError(summary_path + ": line " + std::to_string(number) + ": " + what);
    };
    if (number == 1) {
      if (fields.size() < 6 || fields[0] != "sample") fail("expected the header of run_summary.tsv");
      continue;
    }
    if (line.empty()) continue;
    if (fields.size() < 6) fail("expected 6 tab-separated fields, found " + std::to_string(fields.size()));
    const fs::path profile = folder / fields[0] / (fields[0] + std::string(kProfileSuffix));
    ReportSample sample;
    if (fields[1] != "failed" && fs::exists(profile)) sample = read_profile(profile.string());
    sample.name = fields[0];
    sample.status = fields[1];
    sample.message = fields[5];
    try {
      if (!sample.profile) {
        sample.reads = std::stoull(fields[2]);
        sample.classified = static_cast<std::uint64_t>(std::llround(std::stod(fields[3]) * static_cast<double>(sample.reads)));
      }
      sample.seconds = std::stod(fields[4]);
    } catch (const std::exception&) {
      fail("malformed number");
    }
    samples.push_back(std::move(sample));
  }
  if (number == 0) throw InputError(summary_path + ": empty file");
  return samples;
}

/// The profiles of a single-sample output folder, by file name.
std::vector<ReportSample> read_sample_folder(const fs::path& folder) {
  std::vector<std::string> profiles;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > kProfileSuffix.size() && name.ends_with(kProfileSuffix))
      profiles.push_back(entry.path().string());
  }
  if (profiles.empty())
    throw InputError(folder.string() + ": no run_summary.tsv and no SAMPLE.abundance.tsv (neurotax run writes them)");
  std::sort(profiles.begin(), profiles.end());
  std::vector<ReportSample> samples;
  for (const std::string& profile : profiles) samples.push_back(read_profile(profile));
  return samples;
}

}  // namespace

ReportData load_report_data(const std::vector<std::string>& inputs) {
  ReportData data;
  for (const std::string& input : inputs) {
    std::vector<ReportSample> samples;
    const fs::path path(input);
    if (fs::is_directory(path)) {
      samples = fs::exists(path / "run_summary.tsv") ? read_run_folder(path) : read_sample_folder(path);
      if (!data.run && fs::exists(path / "run_info.json")) data.run = read_run_info((path / "run_info.json").string());
      // A single-sample run has no run_summary.tsv: its time is the run's.
  if (data.run && data.samples.size() == 1 && !data.samples.front().seconds) data.samples.front().seconds = data.run->seconds;
  if (data.title.empty()) data.title = fs::absolute(path).lexically_normal().filename().string();
    } else if (input.ends_with(kProfileSuffix)) {
      if (!fs::exists(path)) throw InputError(input + ": no such file");
      samples.push_back(read_profile(input));
      // A profile from a single-sample run (a workflow's per-sample job) has its run's record beside it.
      const fs::path info = path.parent_path() / "run_info.json";
      if (!data.run && fs::exists(info)) data.run = read_run_info(info.string());
    } else {
      throw InputError(input + ": not a run folder or a SAMPLE.abundance.tsv");
    }
    for (ReportSample& sample : samples) data.samples.push_back(std::move(sample));
  }
  std::set<std::string> names;
  for (const ReportSample& sample : data.samples)
    if (!names.insert(sample.name).second) throw InputError("sample " + sample.name + " appears twice in the report's inputs");
  // A single-sample run has no run_summary.tsv: its time is the run's.
  if (data.run && data.samples.size() == 1 && !data.samples.front().seconds) data.samples.front().seconds = data.run->seconds;
  if (data.title.empty()) data.title = data.samples.size() == 1 ? data.samples.front().name : "neurotax run";
  return data;
}

}  // namespace neurotax::pipeline
