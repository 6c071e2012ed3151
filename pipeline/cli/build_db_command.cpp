#include <cstdio>

#include "command_line.hpp"
#include "neurotax/db/database_builder.hpp"

namespace neurotax::cli {

int build_db_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "build-db", "neurotax build-db --output DB [options] REFERENCE...",
      "Builds a database from labelled 16S reference FASTA files (plain or gzip). Formats (--format,\n"
      "detected when omitted): sintax (>id;tax=d:Bacteria,...,g:Bacillus;), lineage (SILVA/DADA2/GTDB:\n"
      ">id Bacteria;...;Bacillus or d__ prefixes), qiime (FASTA + --taxonomy TSV), rdp (training-set FASTA\n"
      "+ --taxonomy taxid file), ncbi (kraken:taxid|N headers or --seqid-map, + --taxonomy taxdump folder),\n"
      "organism (organism names in deflines + --taxonomy RDP taxid file).",
      "neurotax build-db --output 16s.ntdb ten_16s.100.fa.gz"};
  CommonOptions common;
  std::string output;
  std::string format_name = "auto";
  db::ReferenceInputs inputs;
  db::BuildOptions build;
  po::options_description options("Options");
  options.add_options()
      ("output,o", po::value(&output)->required(), "database file to write")
      ("format", po::value(&format_name)->default_value("auto"),
       "auto, sintax, lineage, qiime, rdp, ncbi or organism")
      ("taxonomy", po::value(&inputs.taxonomy), "QIIME taxonomy TSV, RDP taxid file, or NCBI taxdump folder")
      ("seqid-map", po::value(&inputs.seqid_map), "ncbi: seqid<TAB>taxid lines for headers without kraken:taxid")
      ("max-postings", count_value(&build.max_postings),
       "taxa kept per minimizer before they are merged into their ancestors (1-127)")
      ("copy-numbers", po::value(&build.copy_numbers), "rrnDB per-genus 16S copy numbers to store")
      ("write-reference", po::value(&build.write_reference),
       "also write the imported references as SINTAX FASTA with kraken:taxid|N ids (.gz compresses)")
      ("kmer-len,k", count_value(&build.minimizers.kmer_length),
       "k-mer length (window represented by one minimizer)")
      ("minimizer-len,l", count_value(&build.minimizers.minimizer_length),
       "minimizer length (<= k, <= 31)")
      ("reference", po::value(&inputs.fasta)->composing(), "reference FASTA (positional)");
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("reference", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  if (inputs.fasta.empty()) throw UsageError("build-db: no reference files given");
  inputs.format = db::parse_reference_format(format_name);
  build.quiet = common.quiet;
  const auto threads = limit_threads(common);
  try {
    db::validate(build);
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("build-db: ") + error.what());
  }
  const db::BuildSummary summary = db::build_database(inputs, build, output);
  if (!common.quiet) {
    std::fprintf(stderr, "format %s; %llu identical sequences of one taxon merged\n", db::format_name(summary.format),
                 static_cast<unsigned long long>(summary.identical_sequences_merged));
    for (const auto& [reason, count] : summary.dropped)
      std::fprintf(stderr, "dropped %llu records: %s\n", static_cast<unsigned long long>(count), reason.c_str());
  }
  if (!common.quiet)
    std::fprintf(stderr, "built %s: %llu references, %llu taxa, %llu minimizers, %llu postings, %.1f MB in %.2f s\n",
                 output.c_str(), static_cast<unsigned long long>(summary.references),
                 static_cast<unsigned long long>(summary.taxa), static_cast<unsigned long long>(summary.keys),
                 static_cast<unsigned long long>(summary.postings), static_cast<double>(summary.bytes) / 1e6,
                 summary.seconds);
  return 0;
}

}  // namespace neurotax::cli
