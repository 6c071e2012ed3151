#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "neurotax/db/database.hpp"
#include "neurotax/pipeline/run_sample.hpp"

namespace neurotax::pipeline {

/// What produced a run's outputs: software, database and settings, and when.
/// `run` writes it as run_info.json beside its outputs; the report shows it.
struct RunInfo {
  std::string software;
  std::string database;           ///< file name
  std::string database_checksum;  ///< XXH3 of the whole file, hex
  std::uint32_t database_format = 0;
  std::uint64_t database_references = 0;
  std::uint64_t database_taxa = 0;
  std::vector<std::pair<std::string, std::string>> settings;
  std::string started;   ///< UTC, ISO 8601
  std::string finished;
  double seconds = 0;
  std::chrono::steady_clock::time_point clock_start;  ///< when `started` was stamped; not written out
};

/// The settings that decide a sample's outputs besides its reads and the
/// database, in a fixed order: a finished sample's record compares them.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> run_settings(const RunOptions& options);

/// What is known when a run starts, stamped with the time; write_run_report() adds the end.
[[nodiscard]] RunInfo describe_run(const db::Database& database, const RunOptions& options);
[[nodiscard]] std::string format_run_info(const RunInfo& info);
/// Reads run_info.json; throws InputError naming the file and what is wrong.
[[nodiscard]] RunInfo read_run_info(const std::string& path);

}  // namespace neurotax::pipeline
