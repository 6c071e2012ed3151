#include <chrono>
#include <ctime>
#include <filesystem>

#include "command_line.hpp"
#include "neurotax/common/atomic_output.hpp"
#include "neurotax/common/progress.hpp"
#include "neurotax/pipeline/kraken_report.hpp"
#include "neurotax/pipeline/run_sample.hpp"
#include "neurotax/pipeline/sample_merge.hpp"
#include "neurotax/pipeline/taxon_counts.hpp"

namespace neurotax::cli {

int abundance_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "abundance", "neurotax abundance --db DB --output PREFIX [options] PER_READ...\n"
                   "       neurotax abundance --merge --output PREFIX [options] SAMPLE.abundance.tsv...",
      "Per sample: aggregates Kraken-format per-read output (neurotax's or Kraken 2's, plain or gzip,\n"
      "made with the same database) into PREFIX.kreport, .mpa.txt, .bracken.tsv (Bracken's table),\n"
      ".abundance.tsv (re-estimated reads, read and 16S copy-number-corrected cell fractions, alpha\n"
      "diversity) and .krona.txt. Reads stopped above the level are re-estimated by expectation-\n"
      "maximisation over the taxa their hits name.\n"
      "With --merge: combines per-sample .abundance.tsv files of one database into PREFIX.tsv\n"
      "(taxa x samples), PREFIX.biom (BIOM 1.0 JSON), PREFIX.alpha.tsv and PREFIX.SAMPLE.krona.txt.",
      "neurotax abundance --db 16s.ntdb --output results/s1 s1.kraken.gz"};
  CommonOptions common;
  std::string database_path, prefix, report, sample, level = "G";
  bool merge = false;
  std::uint64_t rarefy = 0;
  pipeline::AbundanceOptions options;
  std::vector<std::string> inputs;
  po::options_description description("Options");
  description.add_options()
      ("db", po::value(&database_path), "database the per-read files were made with")
      ("output", po::value(&prefix), "output prefix")
      ("report", po::value(&report), "also (or only) write the kreport here ('-' = stdout)")
      ("sample", po::value(&sample), "sample name (default: from the first input's file name)")
      ("level", po::value(&level)->default_value("G"), "estimation level: G (genus) or S (species)")
      ("min-reads", count_value(&options.min_reads), "leave out taxa with fewer estimated reads")
      ("rarefy", count_value(&rarefy), "alpha diversity on this many reads, drawn without replacement (0 = all)")
      ("seed", count_value(&options.seed), "seed of the rarefaction draw")
      ("merge", po::bool_switch(&merge), "merge per-sample .abundance.tsv files")
      ("input", po::value(&inputs)->composing(), "input files (positional)");
  add_common_options(description, common);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, description, positional, values)) return 0;
  if (inputs.empty()) throw UsageError("abundance: no input files given");
  options.level = pipeline::parse_level(level);
  if (rarefy > 0) options.rarefy_depth = rarefy;

  if (merge) {
    if (prefix.empty()) throw UsageError("abundance --merge: --output PREFIX is required");
    std::vector<pipeline::SampleAbundance> samples;
    for (const std::string& input : inputs) samples.push_back(pipeline::read_abundance_table(input));
    const pipeline::MergedTable table = pipeline::merge_samples(samples, inputs, options.rarefy_depth, options.seed);
    write_file_atomically(prefix + ".tsv", pipeline::format_merged_tsv(table));
    write_file_atomically(prefix + ".biom", pipeline::format_biom(table, utc_timestamp()));
    write_file_atomically(prefix + ".alpha.tsv", pipeline::format_alpha_tsv(table));
    for (const pipeline::SampleAbundance& one : samples)
      write_file_atomically(prefix + "." + one.sample + ".krona.txt", pipeline::format_krona(one));
    return 0;
  }
  if (database_path.empty()) throw UsageError("abundance: --db is required (or --merge)");
  if (prefix.empty() && report.empty()) throw UsageError("abundance: give --output PREFIX (or --report FILE)");
  if (sample.empty()) sample = pipeline::sample_name_from_path(inputs.front());
  const db::Database database(database_path);
  pipeline::TaxonCounts counts(database.taxon_count());
  for (const std::string& input : inputs) counts.add(pipeline::count_per_read_file(input, database));
  if (!report.empty()) write_file_atomically(report, pipeline::format_kraken_report(counts, database));
  if (!prefix.empty()) {
    std::vector<std::string> files;
    (void)pipeline::write_abundance_outputs(prefix, counts, database, sample, options, files);
  }
  return 0;
}

}  // namespace neurotax::cli
