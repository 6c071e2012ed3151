#pragma once
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
  std::string how;  ///< exact, synonym (name -> accepted), or suffix_stripped
  double fraction;  ///< the taxon's clade reads / all reads of the sample
};

struct CompoundSummary {
  std::string compound;
  std::string relation;
  double fraction = 0;           ///< summed over the distinct taxa with this relation
  double evidence_score = 0;     ///< sum of fraction x grade weight, see annotate.cpp
  std::vector<std::string> taxa;
};

struct Annotation {
  std::string sample;
  std::vector<FactMatch> matches;          ///< by compound, relation, descending fraction
  std::vector<CompoundSummary> compounds;  ///< by compound, then relation
};

/// Matches the genus and species of `profile` with at least `min_fraction` of
/// the reads against the knowledge base, through exact names, synonyms and
/// GTDB-style suffixes (Faecalibacterium_A).
[[nodiscard]] Annotation annotate(const TaxonProfile& profile, const db::KnowledgeBase& knowledge,
                                  double min_fraction);

[[nodiscard]] std::string format_annotation_tsv(const Annotation& annotation);
[[nodiscard]] std::string format_compound_summary_tsv(const Annotation& annotation);
[[nodiscard]] std::string format_annotation_json(const Annotation& annotation, const db::KnowledgeBase& knowledge);

}  // namespace neurotax::pipeline
