#include "command_line.hpp"
#include "neurotax/common/atomic_output.hpp"
#include "neurotax/pipeline/kraken_report.hpp"
#include "neurotax/pipeline/taxon_counts.hpp"

namespace neurotax::cli {

int abundance_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "abundance", "neurotax abundance --db DB --report FILE [options] PER_READ...",
      "Aggregates Kraken-format per-read output (neurotax's or Kraken 2's, plain or gzip, made with\n"
      "the same database) into per-taxon clade and direct counts, written as a kreport.",
      "neurotax abundance --db 16s.ntdb --report s1.kreport s1.kraken.gz"};
  CommonOptions common;
  std::string database_path, report;
  bool report_zero_counts = false;
  std::vector<std::string> inputs;
  po::options_description options("Options");
  options.add_options()
      ("db", po::value(&database_path)->required(), "database the per-read files were made with")
      ("report", po::value(&report)->required(), "kreport to write ('-' = stdout)")
      ("report-zero-counts", po::bool_switch(&report_zero_counts), "report every taxon, even with no reads")
      ("per-read", po::value(&inputs)->composing(), "per-read files (positional); several are summed");
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("per-read", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  if (inputs.empty()) throw UsageError("abundance: no per-read files given");
  const db::Database database(database_path);
  pipeline::TaxonCounts counts(database.taxon_count());
  for (const std::string& input : inputs) counts.add(pipeline::count_per_read_file(input, database));
  write_file_atomically(report, pipeline::format_kraken_report(counts, database, report_zero_counts));
  return 0;
}

}  // namespace neurotax::cli
