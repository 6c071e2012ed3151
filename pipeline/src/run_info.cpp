#include "neurotax/pipeline/run_info.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/progress.hpp"
#include "neurotax/common/text.hpp"

namespace neurotax::pipeline {
namespace {

std::string text_of(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> run_settings(const RunOptions& options) {
  const auto& c = options.classify.classifier;
  return {{"confidence", text_of(c.confidence)},
          {"min_hits", std::to_string(c.min_hits)},
          {"bootstrap_sample", std::to_string(c.bootstrap_sample)},
          {"level", level_name(options.abundance.level)},
          {"rarefy", std::to_string(options.abundance.rarefy_depth.value_or(0))},
          {"seed", std::to_string(options.abundance.seed)},
          {"min_reads", std::to_string(options.abundance.min_reads)},
          {"per_read", options.per_read_output ? "yes" : "no"},
          {"min_abundance", text_of(options.min_abundance)}};
}

RunInfo describe_run(const db::Database& database, const RunOptions& options) {
  RunInfo info;
  info.software = "neurotax " NEUROTAX_VERSION;
  info.database = std::filesystem::path(database.path()).filename().string();
  info.database_checksum = hex64(database.header().checksum);
  info.database_format = database.header().format_version;
  info.database_references = database.header().reference_count;
  info.database_taxa = database.header().taxon_count;
  info.settings = run_settings(options);
  info.started = utc_timestamp();
  info.clock_start = std::chrono::steady_clock::now();
  return info;
}

std::string format_run_info(const RunInfo& info) {
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  for (const auto& [key, value] : info.settings) settings[key] = value;
  const nlohmann::ordered_json document = {{"software", info.software},
                                           {"database", info.database},
                                           {"database_checksum", info.database_checksum},
                                           {"database_format", info.database_format},
                                           {"database_references", info.database_references},
                                           {"database_taxa", info.database_taxa},
                                           {"settings", settings},
                                           {"started", info.started},
                                           {"finished", info.finished},
                                           {"seconds", info.seconds}};
  return document.dump(2) + "\n";
}

RunInfo read_run_info(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open run information");
  const nlohmann::ordered_json document = nlohmann::ordered_json::parse(in, nullptr, false);
  if (!document.is_object()) throw InputError(path + ": not a JSON object (neurotax run writes run_info.json)");
  RunInfo info;
  try {
    info.software = document.at("software").get<std::string>();
    info.database = document.at("database").get<std::string>();
    info.database_checksum = document.at("database_checksum").get<std::string>();
    info.database_format = document.at("database_format").get<std::uint32_t>();
    info.database_references = document.at("database_references").get<std::uint64_t>();
    info.database_taxa = document.at("database_taxa").get<std::uint64_t>();
    for (const auto& [key, value] : document.at("settings").items()) info.settings.emplace_back(key, value.get<std::string>());
    info.started = document.at("started").get<std::string>();
    info.finished = document.at("finished").get<std::string>();
    info.seconds = document.at("seconds").get<double>();
  } catch (const nlohmann::ordered_json::exception& error) {
    throw InputError(path + ": " + error.what());
  }
  return info;
}

}  // namespace neurotax::pipeline
