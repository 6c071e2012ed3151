#include <cstdio>

#include "command_line.hpp"
#include "neurotax/db/database_builder.hpp"

namespace neurotax::cli {

int build_db_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "build-db", "neurotax build-db --output DB [options] REFERENCE...",
      "Builds a database from labelled 16S reference FASTA files (plain or gzip). Headers are\n"
      "SINTAX style (>id;tax=d:Bacteria,...,g:Bacillus;) or lineage style (>id Bacteria;...;Bacillus).",
      "neurotax build-db --output 16s.ntdb ten_16s.100.fa.gz"};
  CommonOptions common;
  std::string output;
  std::string format_name = "auto";
  std::vector<std::string> references;
  db::BuildOptions build;
  po::options_description options("Options");
  options.add_options()
      ("output,o", po::value(&output)->required(), "database file to write")
      ("format", po::value(&format_name)->default_value("auto"), "reference header format: auto, sintax, lineage")
      ("kmer-len,k", po::value(&build.minimizers.kmer_length)->default_value(build.minimizers.kmer_length),
       "k-mer length (window represented by one minimizer)")
      ("minimizer-len,l", po::value(&build.minimizers.minimizer_length)->default_value(build.minimizers.minimizer_length),
       "minimizer length (<= k, <= 31)")
      ("reference", po::value(&references)->composing(), "reference FASTA (positional)");
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("reference", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  if (references.empty()) throw UsageError("build-db: no reference files given");
  build.format = db::parse_reference_format(format_name);
  build.quiet = common.quiet;
  const auto threads = limit_threads(common);
  try {
    kernels::validate(build.minimizers);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("build-db: ") + error.what());
  }
  const db::BuildSummary summary = db::build_database(references, build, output);
  if (!common.quiet)
    std::fprintf(stderr, "built %s: %llu references, %llu taxa, %llu minimizers, %llu postings, %.1f MB in %.2f s\n",
                 output.c_str(), static_cast<unsigned long long>(summary.references),
                 static_cast<unsigned long long>(summary.taxa), static_cast<unsigned long long>(summary.keys),
                 static_cast<unsigned long long>(summary.postings), static_cast<double>(summary.bytes) / 1e6,
                 summary.seconds);
  return 0;
}

}  // namespace neurotax::cli
