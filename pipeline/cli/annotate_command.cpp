#include <filesystem>

#include "command_line.hpp"
#include "neurotax/common/atomic_output.hpp"
#include "neurotax/db/knowledge_base.hpp"
#include "neurotax/pipeline/abundance.hpp"
#include "neurotax/pipeline/annotate.hpp"
#include "neurotax/pipeline/taxon_profile.hpp"

namespace neurotax::cli {

int annotate_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "annotate", "neurotax annotate (--profile SAMPLE.abundance.tsv | --report KREPORT) --output PREFIX [options]\n"
                  "       neurotax annotate --merge --output PREFIX SAMPLE.neuroactive_summary.tsv...",
      "Flags the genera and species of a sample that the curated knowledge base links to neuroactive\n"
      "compounds, with relation, mechanism, evidence grade and source. Input: a re-estimated profile\n"
      "(SAMPLE.abundance.tsv from run or abundance: read and cell fractions) or a kreport (neurotax's or\n"
      "Kraken 2's). Writes PREFIX.neuroactive.tsv, PREFIX.neuroactive_summary.tsv, PREFIX.neuroactive.json.\n"
      "With --merge: PREFIX.neuroactive_matrix.tsv, compounds x samples.\n"
      "These are literature-derived potentials of detected taxa, not metabolite measurements or a diagnosis.",
      "neurotax annotate --profile results/s1.abundance.tsv --output results/s1"};
  CommonOptions common;
  std::string profile_path, report, prefix, sample, kb_dir = db::KnowledgeBase::default_directory();
  std::vector<std::string> extra_kb, summaries;
  double min_abundance = 0.0;
  bool merge = false;
  po::options_description options("Options");
  options.add_options()
      ("profile", po::value(&profile_path), "re-estimated profile (SAMPLE.abundance.tsv)")
      ("report", po::value(&report), "kreport of the sample, when no profile is at hand")
      ("output", po::value(&prefix)->required(), "output prefix")
      ("sample", po::value(&sample), "sample name (default: from the input)")
      ("min-abundance", po::value(&min_abundance)->default_value(0.0), "ignore taxa below this read fraction")
      ("kb", po::value(&extra_kb)->composing(), "extra knowledge-base TSV adding or overriding rows (repeatable)")
      ("kb-dir", po::value(&kb_dir)->default_value(kb_dir), "directory of the curated knowledge base")
      ("merge", po::bool_switch(&merge), "merge per-sample summaries into a compounds x samples table")
      ("summary", po::value(&summaries)->composing(), "summaries to merge (positional)");
  add_common_options(options, common);
  po::positional_options_description positional;
  positional.add("summary", -1);
  po::variables_map values;
  if (!parse_command(info, arguments, options, positional, values)) return 0;
  if (merge) {
    if (summaries.empty()) throw UsageError("annotate --merge: no summary files given");
    write_file_atomically(prefix + ".neuroactive_matrix.tsv", pipeline::merge_compound_summaries(summaries));
    return 0;
  }
  if (profile_path.empty() == report.empty()) throw UsageError("annotate: give one of --profile or --report");
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(kb_dir, extra_kb);
  pipeline::TaxonProfile profile;
  if (!profile_path.empty()) {
    profile = pipeline::profile_from_abundance(pipeline::read_abundance_table(profile_path));
  } else {
    profile = pipeline::read_kraken_report(report, std::filesystem::path(report).stem().string());
  }
  if (!sample.empty()) profile.sample = sample;
  const pipeline::Annotation annotation = pipeline::annotate(profile, knowledge, min_abundance);
  write_file_atomically(prefix + ".neuroactive.tsv", pipeline::format_annotation_tsv(annotation));
  write_file_atomically(prefix + ".neuroactive_summary.tsv", pipeline::format_compound_summary_tsv(annotation));
  write_file_atomically(prefix + ".neuroactive.json", pipeline::format_annotation_json(annotation, knowledge));
  return 0;
}

}  // namespace neurotax::cli
