#include <cstdio>
#include <array>
#include <optional>

#include "command_line.hpp"
#include "neurotax/common/atomic_output.hpp"
#include "neurotax/pipeline/classify_stage.hpp"
#include "neurotax/pipeline/kraken_report.hpp"

namespace neurotax::cli {

int classify_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "classify", "neurotax classify --db DB [--output FILE] [--report FILE] [options] READS...",
      "Classifies reads (FASTQ/FASTA, plain or gzip, or unaligned SAM/BAM/CRAM) and writes Kraken 2's\n"
      "per-read format (--output, '-' for stdout, .gz compresses) and its report (--report).",
      "neurotax classify --db 16s.ntdb --paired --output s1.kraken --report s1.kreport s1_R1.fq.gz s1_R2.fq.gz"};
  CommonOptions common;
  InputOptions input;
  pipeline::ClassifyOptions classify;
  std::string database_path, output, report, lineage_output, classified_out, unclassified_out;
  bool report_zero_counts = false;
  std::vector<std::string> reads;
  po::options_description options("Options");
  options.add_options()
      ("db", po::value(&database_path)->required(), "database built by build-db")
      ("output", po::value(&output), "per-read output in Kraken 2's format ('-' = stdout)")
      ("report", po::value(&report), "Kraken-style report (kreport)")
      ("lineage-output", po::value(&lineage_output), "per-read lineage TSV with per-rank confidence")
      ("classified-out", po::value(&classified_out),
       "write classified reads here (FASTQ or FASTA; for pairs '#' becomes _1 and _2, as in Kraken 2)")
      ("unclassified-out", po::value(&unclassified_out), "write unclassified reads here (as --classified-out)")
      ("use-names", po::bool_switch(&classify.use_names), "print 'Name (taxid N)' in the per-read output")
      ("report-zero-counts", po::bool_switch(&report_zero_counts), "report every taxon, even with no reads")
      ("reads", po::value(&reads)->composing(), "read files (positional)");
  add_input_options(options, input);
  add_classifier_options(options, classify);
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("reads", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  if (reads.empty()) throw UsageError("classify: no read files given");
  if (output.empty() && report.empty() && lineage_output.empty() && classified_out.empty() && unclassified_out.empty())
    throw UsageError("classify: nothing to write; give --output, --report, --lineage-output or --classified-out");
  validate_classifier_options("classify", classify);
  const pipeline::ReadFiles inputs = pipeline::ReadFiles::from(reads, pairing_mode(input, reads.size()));
  classify.quiet = common.quiet;
  const auto threads = limit_threads(common);
  classify.threads = common.threads;

  const auto opening = std::chrono::steady_clock::now();
  const db::Database database(database_path);
  report_database(database, opening, common.quiet);
  std::optional<AtomicOutputFile> per_read;
  std::optional<AtomicOutputFile> lineage;
  std::array<std::optional<AtomicOutputFile>, 4> read_files;
  pipeline::ClassifySinks sinks;
  if (!output.empty()) sinks.kraken = &per_read.emplace(output);
  if (!lineage_output.empty()) sinks.lineage = &lineage.emplace(lineage_output);
  const bool paired = inputs.paired();
  const auto open_reads = [&](const std::string& pattern, std::size_t slot, std::array<AtomicOutputFile*, 2>& sink) {
    if (pattern.empty()) return;
    const auto hash = pattern.find('#');
    if (paired && hash == std::string::npos)
      throw UsageError("classify: with paired input, --classified-out/--unclassified-out need a '#' for the mate number");
    if (!paired || hash == std::string::npos) {
      sink[0] = &read_files[slot].emplace(pattern);
      return;
    }
    sink[0] = &read_files[slot].emplace(std::string(pattern).replace(hash, 1, "_1"));
    sink[1] = &read_files[slot + 1].emplace(std::string(pattern).replace(hash, 1, "_2"));
  };
  open_reads(classified_out, 0, sinks.classified);
  open_reads(unclassified_out, 2, sinks.unclassified);
  const pipeline::ClassifyResult result = pipeline::classify_reads(database, inputs, classify, sinks);
  if (per_read) per_read->commit();
  if (lineage) lineage->commit();
  for (auto& file : read_files)
    if (file) file->commit();
  if (!report.empty()) write_file_atomically(report, pipeline::format_kraken_report(result.counts, database, report_zero_counts));
  if (!common.quiet) {
    const double total = static_cast<double>(result.fragments);
    std::fprintf(stderr, "%llu fragments: %llu classified (%.2f%%), %llu unclassified; %llu answered from the cache\n",
                 static_cast<unsigned long long>(result.fragments),
                 static_cast<unsigned long long>(result.counts.classified()),
                 total > 0 ? 100.0 * static_cast<double>(result.counts.classified()) / total : 0.0,
                 static_cast<unsigned long long>(result.counts.unclassified),
                 static_cast<unsigned long long>(result.cache_hits));
    if (inputs.paired())
      std::fprintf(stderr, "%llu pairs reconciled where their mates overlap (%llu bases settled by quality)\n",
                   static_cast<unsigned long long>(result.reconciled_pairs),
                   static_cast<unsigned long long>(result.settled_bases));
  }
  return 0;
}

}  // namespace neurotax::cli
