#include "neurotax/pipeline/run_sample.hpp"

#include <filesystem>

#include "neurotax/common/atomic_output.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/common/staged_outputs.hpp"
#include "neurotax/pipeline/annotate.hpp"
#include "neurotax/pipeline/kraken_report.hpp"
#include "neurotax/pipeline/taxon_profile.hpp"

namespace neurotax::pipeline {

std::string sample_name_from_path(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (const std::string_view suffix : {".gz", ".bgz", ".bz2"})
    if (name.ends_with(suffix)) name.resize(name.size() - suffix.size());
  for (const std::string_view suffix : {".fastq", ".fq", ".fasta", ".fa", ".fna", ".bam", ".cram", ".sam", ".kraken"})
    if (name.ends_with(suffix)) name.resize(name.size() - suffix.size());
  for (const std::string_view tag : {"_R1_001", "_R1", "_1"}) {
    if (name.size() > tag.size() && name.ends_with(tag)) {
      name.resize(name.size() - tag.size());
      break;
    }
  }
  return name.empty() ? "sample" : name;
}

SampleAbundance write_abundance_outputs(const std::string& prefix, const TaxonCounts& counts,
                                        const db::Database& database, const std::string& sample,
                                        const AbundanceOptions& options, std::vector<std::string>& files) {
  const auto write = [&](const std::string& path, const std::string& contents) {
    write_file_atomically(path, contents);
    files.push_back(path);
  };
  write(prefix + ".kreport", format_kraken_report(counts, database));
  write(prefix + ".mpa.txt", format_mpa(counts, database));
  SampleAbundance abundance = estimate_abundance(counts, database, sample, options);
  write(prefix + ".bracken.tsv", format_bracken(abundance));
  write(prefix + ".abundance.tsv", format_abundance_table(abundance));
  write(prefix + ".krona.txt", format_krona(abundance));
  return abundance;
}

RunOutputs run_sample(const db::Database& database, const db::KnowledgeBase& knowledge, const ReadFiles& reads,
                      const RunOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(options.outdir, error);
  if (error) throw InputError(options.outdir + ": cannot create output folder: " + error.message());
  // Written aside and moved into place together once all are complete.
  StagedOutputs staged(options.outdir, options.sample);
  const std::string prefix = staged.path(options.sample);

  RunOutputs outputs;
  std::optional<AtomicOutputFile> per_read;
  std::optional<AtomicOutputFile> lineage;
  ClassifySinks sinks;
  if (options.per_read_output) {
    per_read.emplace(prefix + ".kraken.gz");
    lineage.emplace(prefix + ".lineage.tsv.gz");
    sinks.kraken = &*per_read;
    sinks.lineage = &*lineage;
  }
  outputs.classification = classify_reads(database, reads, options.classify, sinks);

  const auto write = [&](const std::string& path, const std::string& contents) {
    write_file_atomically(path, contents);
    outputs.files.push_back(path);
  };
  if (per_read) {
    per_read->commit();
    lineage->commit();
    outputs.files.push_back(per_read->path());
    outputs.files.push_back(lineage->path());
  }
  const SampleAbundance abundance = write_abundance_outputs(prefix, outputs.classification.counts, database,
                                                           options.sample, options.abundance, outputs.files);

  const TaxonProfile profile = profile_from_abundance(abundance);
  const Annotation annotation = annotate(profile, knowledge, options.min_abundance);
  write(prefix + ".neuroactive.tsv", format_annotation_tsv(annotation));
  write(prefix + ".neuroactive_summary.tsv", format_compound_summary_tsv(annotation));
  write(prefix + ".neuroactive.json", format_annotation_json(annotation, knowledge));
  outputs.files = staged.commit();
  return outputs;
}

}  // namespace neurotax::pipeline
