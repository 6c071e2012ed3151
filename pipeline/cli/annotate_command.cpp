#include <filesystem>

#include "command_line.hpp"
#include "neurotax/common/atomic_output.hpp"
#include "neurotax/db/knowledge_base.hpp"
#include "neurotax/pipeline/annotate.hpp"
#include "neurotax/pipeline/run_sample.hpp"
#include "neurotax/pipeline/taxon_profile.hpp"

namespace neurotax::cli {

int annotate_command(const std::vector<std::string>& arguments) {
  const CommandInfo info{
      "annotate", "neurotax annotate --report KREPORT --output PREFIX [options]",
      "Flags the genera and species of a sample's kreport (neurotax's or Kraken 2's) that the curated\n"
      "knowledge base links to neuroactive compounds, with relation, mechanism, evidence grade and source.\n"
      "Writes PREFIX.neuroactive.tsv, PREFIX.neuroactive_summary.tsv and PREFIX.neuroactive.json.\n"
      "These are literature-derived potentials of detected taxa, not metabolite measurements or a diagnosis.",
      "neurotax annotate --report s1.kreport --output results/s1"};
  CommonOptions common;
  std::string report, prefix, sample, kb_dir = db::KnowledgeBase::default_directory();
  std::vector<std::string> extra_kb;
  double min_abundance = 0.0;
  po::options_description options("Options");
  options.add_options()
      ("report", po::value(&report)->required(), "kreport of the sample")
      ("output", po::value(&prefix)->required(), "output prefix")
      ("sample", po::value(&sample), "sample name (default: from the report's file name)")
      ("min-abundance", po::value(&min_abundance)->default_value(0.0), "ignore taxa below this read fraction")
      ("kb", po::value(&extra_kb)->composing(), "extra knowledge-base TSV adding or overriding rows (repeatable)")
      ("kb-dir", po::value(&kb_dir)->default_value(kb_dir), "directory of the curated knowledge base");
  add_common_options(options, common);
  po::variables_map values;
  if (!parse_command(info, arguments, options, {}, values)) return 0;
  if (sample.empty()) sample = std::filesystem::path(report).stem().string();
  const db::KnowledgeBase knowledge = db::KnowledgeBase::load(kb_dir, extra_kb);
  const pipeline::TaxonProfile profile = pipeline::read_kraken_report(report, sample);
  const pipeline::Annotation annotation = pipeline::annotate(profile, knowledge, min_abundance);
  write_file_atomically(prefix + ".neuroactive.tsv", pipeline::format_annotation_tsv(annotation));
  write_file_atomically(prefix + ".neuroactive_summary.tsv", pipeline::format_compound_summary_tsv(annotation));
  write_file_atomically(prefix + ".neuroactive.json", pipeline::format_annotation_json(annotation, knowledge));
  return 0;
}

}  // namespace neurotax::cli
