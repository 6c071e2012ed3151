#include "command_line.hpp"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "neurotax/common/errors.hpp"

namespace neurotax::cli {

void report_database(const db::Database& database, std::chrono::steady_clock::time_point opening, bool quiet) {
  if (quiet) return;
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - opening;
  std::fprintf(stderr, "database %s: %zu taxa, %llu minimizers, %.1f MB, opened and checked in %.3f s\n",
               database.path().c_str(), database.taxon_count(),
               static_cast<unsigned long long>(database.header().key_count),
               static_cast<double>(database.file_size()) / 1e6, seconds.count());
}

std::string shortest_text(double value) {
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc{} ? std::string(text, end) : std::to_string(value);
}

void add_common_options(po::options_description& options, CommonOptions& common) {
  options.add_options()
      ("threads,t", count_value(&common.threads), "worker threads (0 = all cores)")
      ("quiet,q", po::bool_switch(&common.quiet), "no progress or summary on stderr")
      ("version", "print the version and exit")
      ("help,h", "show this help");
}

bool parse_command(const CommandInfo& info, const std::vector<std::string>& arguments,
                   const po::options_description& options, const po::positional_options_description& positional,
                   po::variables_map& values) {
  try {
    po::store(po::command_line_parser(arguments).options(options).positional(positional).run(), values);
    if (values.count("help") != 0) {
      std::cout << "Usage: " << info.usage << "\n\n" << info.summary << "\n\n" << options << "\nExample:\n  "
                << info.example << "\n";
      return false;
    }
    if (values.count("version") != 0) {
      std::cout << "neurotax " << NEUROTAX_VERSION << "\n";
      return false;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError(info.name + ": " + error.what() + " (see 'neurotax " + info.name + " --help')");
  }
  return true;
}

std::unique_ptr<tbb::global_control> limit_threads(CommonOptions& common) {
  if (common.threads == 0) common.threads = std::max(1U, std::thread::hardware_concurrency());
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, common.threads);
}

void add_classifier_options(po::options_description& options, pipeline::ClassifyOptions& classify) {
  kernels::ClassifierParams& params = classify.classifier;
  options.add_options()
      ("cache-mb", count_value(&classify.cache_mb),
       "memory for the caches of repeated reads (shared by the threads), of repeated hit sets (a quarter) and of repeated mates' lookups (a sixteenth), the last two split among the threads; 0 = off; output is the same")
      ("confidence", po::value(&params.confidence)->default_value(params.confidence, shortest_text(params.confidence)),
       "call the deepest rank whose confidence reaches this (0-1): the bootstrap's, and at the genus, "
       "unless --minimizers-only, the fitted chance that the genus is right")
      ("min-hits", count_value(&params.min_hits),
       "leave a read unclassified when its best taxon shares fewer distinct minimizers")
      ("bootstrap-sample", count_value(&params.bootstrap_sample),
       "hits drawn per round of the (expected) bootstrap behind each confidence")
      ("minimum-base-quality", count_value(&classify.minimum_base_quality),
       "mask bases of a lower Phred quality as 'x' (ambiguous) before classifying, as Kraken 2's option does; the read files "
       "written show them masked; 0 = off")
      ("no-mate-consensus", po::bool_switch()->notifier([&classify](bool off) { classify.reconcile_mates = !off; }),
       "classify overlapping mates as read; by default, where they overlap and disagree, the base of the lower Phred "
       "quality takes the other mate's, and where nothing says which is right both are left out of the second opinions' "
       "words (the read files written keep the bases as sequenced)")
      ("minimizers-only", po::bool_switch(&params.minimizers_only),
       "call from the minimizers alone, without the second opinions (nearest references, genus word model) on uncertain genus calls (faster; fewer genus calls for novel strains)");
}

void validate_classifier_options(const std::string& command, const pipeline::ClassifyOptions& classify) {
  try {
    kernels::validate(classify.classifier);
  } catch (const std::invalid_argument& error) {
    throw UsageError(command + ": " + error.what());
  }
  // Caches are allocated up front: beyond the machine's memory, the
  // allocation's failure would say nothing a user could act on.
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_bytes = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_bytes <= 0) return;
  const std::uint64_t memory_mb = (static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_bytes)) >> 20;
  if (classify.cache_mb > memory_mb)
    throw UsageError(command + ": --cache-mb " + std::to_string(classify.cache_mb) + " is more than this machine's " +
                     std::to_string(memory_mb) + " MiB of memory");
}

void add_input_options(po::options_description& options, InputOptions& input) {
  options.add_options()
      ("paired", po::bool_switch(&input.paired), "two read files are R1 and R2 of the same fragments")
      ("interleaved", po::bool_switch(&input.interleaved), "mates alternate within each read file");
}

pipeline::PairingMode pairing_mode(const InputOptions& input, std::size_t file_count) {
  if (input.paired && input.interleaved) throw UsageError("--paired and --interleaved exclude each other");
  if (input.interleaved) return pipeline::PairingMode::kInterleaved;
  if (input.paired) {
    if (file_count != 2) throw UsageError("--paired needs exactly two read files, got " + std::to_string(file_count));
    return pipeline::PairingMode::kPaired;
  }
  return pipeline::PairingMode::kSingle;
}

}  // namespace neurotax::cli
