#pragma once
#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "neurotax/common/errors.hpp"
#include "neurotax/db/database.hpp"

#include "neurotax/kernels/read_classifier.hpp"
#include "neurotax/pipeline/classify_stage.hpp"
#include "neurotax/pipeline/read_source.hpp"

namespace neurotax::cli {

namespace po = boost::program_options;

/// What every subcommand shares: its name, one line of help, an example.
struct CommandInfo {
  std::string name;
  std::string usage;    ///< e.g. "neurotax classify --db DB [options] READS..."
  std::string summary;
  std::string example;
};

struct CommonOptions {
  unsigned threads = 0;  ///< 0 = all cores
  bool quiet = false;
};

/// A fractional option's default as help shows it: the shortest text that
/// reads back as the value (0.8, not 0.80000000000000004).
[[nodiscard]] std::string shortest_text(double value);

/// A count as the command line gives it (see count_value).
template <typename Count>
struct CountText {
  Count value;
};

/// Boost.Program_options' hook for reading a CountText: digits only, within
/// the type (std::from_chars refuses a sign for an unsigned type).
template <typename Count>
void validate(boost::any& stored, const std::vector<std::string>& tokens, CountText<Count>* /*type*/, long /*unused*/) {
  po::validators::check_first_occurrence(stored);
  const std::string& token = po::validators::get_single_string(tokens);
  Count value{};
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (error != std::errc{} || end != token.data() + token.size()) throw po::invalid_option_value(token);
  stored = CountText<Count>{value};
}

/// The option value of a count, stored into `*target`, whose value is the
/// default. Boost reads "-1" into an unsigned type as its largest value
/// (--min-hits -1 would leave every read unclassified), so counts are read
/// by validate above, which refuses it with the option's name.
template <typename Count>
po::typed_value<CountText<Count>>* count_value(Count* target) {
  return po::value<CountText<Count>>()
      ->default_value(CountText<Count>{*target}, std::to_string(*target))
      ->notifier([target](const CountText<Count>& count) { *target = count.value; });
}

/// Adds --threads, --quiet and --help.
void add_common_options(po::options_description& options, CommonOptions& common);

/// Parses a subcommand's arguments; prints help and returns false for --help.
/// Throws UsageError for anything the parser rejects.
bool parse_command(const CommandInfo& info, const std::vector<std::string>& arguments,
                   const po::options_description& options, const po::positional_options_description& positional,
                   po::variables_map& values);

/// Limits oneTBB to exactly the requested worker count for the command's lifetime.
[[nodiscard]] std::unique_ptr<tbb::global_control> limit_threads(CommonOptions& common);

/// Says on stderr (unless quiet) which database was opened, its size, and how
/// long opening and checking it took since `opening`, as Kraken 2 reports its load.
void report_database(const db::Database& database, std::chrono::steady_clock::time_point opening, bool quiet);

/// Classifier options shared by classify and run.
void add_classifier_options(po::options_description& options, pipeline::ClassifyOptions& classify);
/// Throws UsageError, naming `command`, for classifier options that cannot
/// work: confidences out of range, caches larger than the machine's memory.
void validate_classifier_options(const std::string& command, const pipeline::ClassifyOptions& classify);

/// Input layout options shared by classify and run.
struct InputOptions {
  bool paired = false;
  bool interleaved = false;
};
void add_input_options(po::options_description& options, InputOptions& input);
[[nodiscard]] pipeline::PairingMode pairing_mode(const InputOptions& input, std::size_t file_count);

int build_db_command(const std::vector<std::string>& arguments);
int classify_command(const std::vector<std::string>& arguments);
int abundance_command(const std::vector<std::string>& arguments);
int annotate_command(const std::vector<std::string>& arguments);
int run_command(const std::vector<std::string>& arguments);
int report_command(const std::vector<std::string>& arguments);
int inspect_db_command(const std::vector<std::string>& arguments);

}  // namespace neurotax::cli
