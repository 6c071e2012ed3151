#include <chrono>
#include <cstdio>
#include <filesystem>

#include "command_line.hpp"
#include "neurotax/common/progress.hpp"
#include "neurotax/db/database_builder.hpp"
#include "neurotax/pipeline/run_batch.hpp"
#include "neurotax/pipeline/run_report.hpp"
#include "neurotax/pipeline/run_sample.hpp"

namespace neurotax::cli {

int run_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "run", "neurotax run --db DB --outdir DIR [options] R1 [R2]\n"
             "       neurotax run --db DB --outdir DIR (--run-dir RUN | --samples SHEET.tsv) [options]",
      "Runs every stage in one process: classify, aggregate, annotate, write.\n"
      "Two read files are R1 and R2 of one sample; one file is single-end (or --interleaved).\n"
      "With --run-dir (Illumina names, lanes joined, Undetermined skipped) or --samples\n"
      "(sample<TAB>R1[<TAB>R2]), the database is loaded once for all samples, each written to\n"
      "DIR/SAMPLE/, with run_summary.tsv, run.taxa.tsv, run.biom, run.alpha.tsv and\n"
      "run.neuroactive_matrix.tsv in DIR; finished samples are skipped on a rerun unless --force.\n"
      "Exit code 3: some samples failed (see run_summary.tsv), the others were written.\n"
      "With --reference and a DB path that does not exist yet, the database is built first.\n"
      "Outputs in DIR: SAMPLE.kraken.gz, SAMPLE.lineage.tsv.gz, SAMPLE.kreport, SAMPLE.mpa.txt,\n"
      "SAMPLE.bracken.tsv, SAMPLE.abundance.tsv, SAMPLE.krona.txt, SAMPLE.neuroactive.tsv,\n"
      "SAMPLE.neuroactive_summary.tsv, SAMPLE.neuroactive.json; then run_info.json and report.html\n"
      "(one self-contained HTML page of the run; `neurotax report` remakes it with other settings).",
      "neurotax run --db 16s.ntdb --outdir results sam1F.fastq.gz sam1R.fastq.gz"};
  CommonOptions common;
  bool interleaved = false;
  bool no_per_read = false;
  bool force = false;
  bool include_undetermined = false;
  std::string run_dir, sheet;
  std::string database_path, level, kb_dir = db::KnowledgeBase::default_directory();
  std::uint64_t rarefy = 0;
  std::vector<std::string> references, reads, extra_kb;
  pipeline::RunOptions run;
  po::options_description options("Options");
  options.add_options()
      ("db", po::value(&database_path)->required(), "database built by build-db")
      ("outdir", po::value(&run.outdir)->required(), "output folder (created if missing)")
      ("sample", po::value(&run.sample), "sample name (default: from the first read file)")
      ("reference", po::value(&references)->composing(), "build --db from these references if it does not exist")
      ("run-dir", po::value(&run_dir), "a sequencing run's FASTQ folder: every sample in it")
      ("samples", po::value(&sheet), "a sample sheet: sample<TAB>R1[<TAB>R2] per line")
      ("force", po::bool_switch(&force), "redo samples that are already complete")
      ("include-undetermined", po::bool_switch(&include_undetermined), "also run the Undetermined reads of a run folder")
      ("interleaved", po::bool_switch(&interleaved), "mates alternate within the read file")
      ("no-per-read", po::bool_switch(&no_per_read), "skip the per-read outputs")
      ("level", po::value(&level)->default_value("G"), "abundance estimation level: G (genus) or S (species)")
      ("rarefy", count_value(&rarefy), "alpha diversity on this many reads (0 = all)")
      ("seed", count_value(&run.abundance.seed), "seed of the rarefaction draw")
      ("min-abundance", po::value(&run.min_abundance)->default_value(0.0), "annotation: ignore taxa below this read fraction")
      ("kb", po::value(&extra_kb)->composing(), "extra knowledge-base TSV adding or overriding rows (repeatable)")
      ("kb-dir", po::value(&kb_dir)->default_value(kb_dir), "directory of the curated knowledge base")
      ("reads", po::value(&reads)->composing(), "read files (positional)");
  add_classifier_options(options, run.classify);
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("reads", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  const bool batch = !run_dir.empty() || !sheet.empty();
  if (!run_dir.empty() && !sheet.empty()) throw UsageError("run: --run-dir and --samples exclude each other");
  if (batch && !reads.empty()) throw UsageError("run: read files and --run-dir/--samples exclude each other");
  if (!batch && (reads.empty() || reads.size() > 2)) throw UsageError("run: give one read file, or R1 and R2 of one sample");
  if (interleaved && reads.size() != 1) throw UsageError("run: --interleaved takes one read file");
  validate_classifier_options("run", run.classify);
  run.classify.quiet = common.quiet;
  run.per_read_output = !no_per_read;
  run.abundance.level = pipeline::parse_level(level);
  if (rarefy > 0) run.abundance.rarefy_depth = rarefy;
  if (run.sample.empty() && !batch) run.sample = pipeline::sample_name_from_path(reads.front());
  const auto start = std::chrono::steady_clock::now();
  const auto threads = limit_threads(common);
  run.classify.threads = common.threads;

  if (!std::filesystem::exists(database_path) && !references.empty()) {
    db::BuildOptions build;
    build.quiet = common.quiet;
    db::ReferenceInputs inputs;
    inputs.fasta = references;
    const auto summary = db::build_database(inputs, build, database_path);
    if (!common.quiet) std::fprintf(stderr, "built %s in %.2f s\n", database_path.c_str(), summary.seconds);
  }
  const auto opening = std::chrono::steady_clock::now();
  const db::Database database(database_path);
  report_database(database, opening, common.quiet);
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(kb_dir, extra_kb);
  if (batch) {
    const std::vector<pipeline::SampleInput> samples = !run_dir.empty()
                                                           ? pipeline::discover_run_folder(run_dir, include_undetermined)
                                                           : pipeline::read_sample_sheet(sheet);
    const pipeline::BatchResult result = pipeline::run_batch(database, knowledge, samples, run, force);
    if (!common.quiet) {
      for (const auto& outcome : result.outcomes)
        std::fprintf(stderr, "  %-24s %-20s %llu reads %s\n", outcome.sample.c_str(), outcome.status.c_str(),
                     static_cast<unsigned long long>(outcome.reads), outcome.message.c_str());
      for (const std::string& file : result.files) std::fprintf(stderr, "  wrote %s\n", file.c_str());
      std::fprintf(stderr, "run: %zu samples in %.2f s\n", samples.size(), seconds_since(start));
    }
    return result.any_failed() ? 3 : 0;
  }
  const pipeline::ReadFiles read_files = pipeline::ReadFiles::from(
      reads, reads.size() == 2 ? pipeline::PairingMode::kPaired
                               : (interleaved ? pipeline::PairingMode::kInterleaved : pipeline::PairingMode::kSingle));
  pipeline::RunInfo run_info = pipeline::describe_run(database, run);
  pipeline::RunOutputs outputs = pipeline::run_sample(database, knowledge, read_files, run);
  for (std::string& file : pipeline::write_run_report(run.outdir, std::move(run_info))) outputs.files.push_back(std::move(file));
  if (!common.quiet) {
    const auto& counts = outputs.classification.counts;
    const double total = static_cast<double>(counts.total());
    const std::string reconciled =
        read_files.paired() ? ", " + std::to_string(outputs.classification.reconciled_pairs) + " pairs reconciled" : "";
    std::fprintf(stderr, "sample %s: %llu fragments, %.2f%% classified%s, %.2f s\n", run.sample.c_str(),
                 static_cast<unsigned long long>(counts.total()),
                 total > 0 ? 100.0 * static_cast<double>(counts.classified()) / total : 0.0, reconciled.c_str(),
                 seconds_since(start));
    for (const std::string& file : outputs.files) std::fprintf(stderr, "  wrote %s\n", file.c_str());
  }
  return 0;
}

}  // namespace neurotax::cli
