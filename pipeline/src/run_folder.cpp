#include "neurotax/pipeline/run_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/text.hpp"

namespace neurotax::pipeline {
namespace {

struct MateFile {
  std::string lane;  // sorts lanes, and names within a lane
  std::string path;
};

}  // namespace

std::vector<SampleInput> discover_run_folder(const std::string& directory, bool include_undetermined) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) throw InputError(directory + ": not a folder");
  // NAME_S1_L001_R1_001.fastq.gz, NAME_R1.fastq.gz, NAME_1.fq.gz
  static const std::regex illumina(R"(^(.+?)_S\d+_(L\d{3})_R([12])_001\.(fastq|fq)(\.gz)?$)");
  static const std::regex plain(R"(^(.+?)_R?([12])(_001)?\.(fastq|fq)(\.gz)?$)");
  std::map<std::string, std::map<int, std::vector<MateFile>>> mates;  // sample -> mate -> files
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    std::smatch match;
    std::string sample, lane;
    int mate = 0;
    if (std::regex_match(name, match, illumina)) {
      sample = match[1];
      lane = match[2];
      mate = std::stoi(match[3]);
    } else if (std::regex_match(name, match, plain)) {
      sample = match[1];
      mate = std::stoi(match[2]);
    } else {
      continue;
    }
    if (!include_undetermined && sample.rfind("Undetermined", 0) == 0) continue;
    mates[sample][mate].push_back({lane + "\t" + name, entry.path().string()});
  }
  if (error) throw InputError(directory + ": cannot list the folder: " + error.message());
  if (mates.empty()) throw InputError(directory + ": no FASTQ files named like NAME_S1_L001_R1_001.fastq.gz or NAME_R1.fastq.gz");

  const bool paired_run = std::any_of(mates.begin(), mates.end(), [](const auto& sample) { return sample.second.count(2) > 0; });
  std::vector<SampleInput> samples;
  for (auto& [name, files] : mates) {
    SampleInput sample;
    sample.name = name;
    for (auto& [mate, list] : files) std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.lane < b.lane; });
    for (const MateFile& file : files[1]) sample.reads.first.push_back(file.path);
    for (const MateFile& file : files[2]) sample.reads.second.push_back(file.path);
    if (sample.reads.first.empty())
      sample.problem = "R2 without R1: " + sample.reads.second.front();
    else if (paired_run && sample.reads.second.size() != sample.reads.first.size())
      sample.problem = "R1 without its R2 in a paired run: " +
                       sample.reads.first[std::min(sample.reads.second.size(), sample.reads.first.size() - 1)];
    samples.push_back(std::move(sample));
  }
  return samples;
}

std::vector<SampleInput> read_sample_sheet(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open sample sheet");
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  std::vector<SampleInput> samples;
  std::set<std::string> names;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || (samples.empty() && line.rfind("sample", 0) == 0 && number == 1)) continue;
    const std::vector<std::string> fields = split_field_strings(line, '\t');
    const std::string where = path + ": line " + std::to_string(number) + ": ";
    if (fields.size() < 2 || fields.size() > 3 || fields[0].empty() || fields[1].empty())
      throw InputError(where + "expected sample<TAB>R1[<TAB>R2]");
    if (!names.insert(fields[0]).second) throw InputError(where + "sample '" + fields[0] + "' appears twice");
    SampleInput sample;
    sample.name = fields[0];
    for (std::size_t f = 1; f < fields.size(); ++f) {
      if (fields[f].empty()) continue;
      std::filesystem::path file(fields[f]);
      if (file.is_relative()) file = base / file;
      if (!std::filesystem::exists(file)) throw InputError(where + "file " + file.string() + " does not exist");
      (f == 1 ? sample.reads.first : sample.reads.second).push_back(file.string());
    }
    samples.push_back(std::move(sample));
  }
  if (samples.empty()) throw InputError(path + ": no samples");
  return samples;
}

}  // namespace neurotax::pipeline
