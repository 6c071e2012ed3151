#pragma once
#include <optional>
#include <string>
#include <vector>

#include "neurotax/db/knowledge_base.hpp"
#include "neurotax/pipeline/taxon_profile.hpp"

namespace neurotax::pipeline {

/// Printed in every annotation output: this layer reports literature, not the sample's chemistry.
inline constexpr const char* kAnnotationDisclaimer =
    "Literature-derived neuroactive potential of the taxa detected; not a measurement of metabolites in the "
    "sample and not a diagnosis.";

/// How a profile taxon reached a knowledge-base row.
struct FactMatch {
  const ProfileEntry* taxon;
  const db::NeuroactiveFact* fact;
  std::string how;       ///< exact, synonym (A -> B), normalised (A -> B), or why it is only possible
  bool possible = false; ///< the taxon may carry the trait: reported, not summed
  double read_fraction = 0;
  std::optional<double> cell_fraction;
};

struct CompoundSummary {
  std::string compound;
  std::string relation;
  double read_fraction = 0;              ///< summed over the distinct taxa matched with certainty
  std::optional<double> cell_fraction;   ///< the same from copy-number-corrected fractions
  double evidence_score = 0;             ///< sum of read fraction x grade weight (A 1, B 0.7, C 0.5, D 0.3, E 0.1)
  std::vector<std::string> taxa;
  double possible_read_fraction = 0;     ///< taxa that only possibly carry the trait
  std::vector<std::string> possible_taxa;
};

struct Annotation {
  std::string sample;
  std::string fraction_basis;
  std::vector<FactMatch> matches;          ///< by compound, relation, certain first, descending fraction
  std::vector<CompoundSummary> compounds;  ///< by compound, then relation
};

/// Matches the genera and species of `profile` with at least `min_fraction`
/// against the knowledge base: exact names; synonyms in both directions
/// (reclassifications, 16S-inseparable genera); names normalised from how
/// references write them (GTDB's Faecalibacterium_A, SILVA's "[Eubacterium]
/// hallii group", RDP's "Clostridium sensu stricto"). Reported as possible,
/// not summed: a genus that was split (RDP's Lactobacillus) against rows of
/// its successors, a genus against its species' rows, and reads the
/// classifier stopped above genus against the rows of the detected genera
/// under that taxon.
[[nodiscard]] Annotation annotate(const TaxonProfile& profile, const db::KnowledgeBase& knowledge,
                                  double min_fraction);

[[nodiscard]] std::string format_annotation_tsv(const Annotation& annotation);
[[nodiscard]] std::string format_compound_summary_tsv(const Annotation& annotation);
[[nodiscard]] std::string format_annotation_json(const Annotation& annotation, const db::KnowledgeBase& knowledge);

/// Samples x compounds: the certain read fraction per compound and relation,
/// from several samples' summary tables; throws InputError naming file and line.
[[nodiscard]] std::string merge_compound_summaries(const std::vector<std::string>& summary_paths);

}  // namespace neurotax::pipeline
