#include "neurotax/pipeline/annotate.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace neurotax::pipeline {
namespace {

/// GTDB splits polyphyletic genera with suffixes (Faecalibacterium_A); the
/// knowledge base names the genus they were split from.
std::string strip_gtdb_suffix(const std::string& name) {
  const auto underscore = name.rfind('_');
  if (underscore == std::string::npos || underscore + 1 == name.size()) return name;
  const std::string_view suffix(name.c_str() + underscore + 1);
  const bool upper = std::all_of(suffix.begin(), suffix.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  return upper ? name.substr(0, underscore) : name;
}

/// Weight of each evidence grade in the evidence-weighted score: a gene shown
/// counts fully, a human association alone a tenth.
double grade_weight(char grade) {
  switch (grade) {
    case 'A': return 1.0;
    case 'B': return 0.7;
    case 'C': return 0.5;
    case 'D': return 0.3;
    default: return 0.1;
  }
}

std::string format_fraction(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

}  // namespace

Annotation annotate(const TaxonProfile& profile, const db::KnowledgeBase& knowledge, double min_fraction) {
  Annotation annotation;
  annotation.sample = profile.sample;
  const double total = profile.total_reads > 0 ? static_cast<double>(profile.total_reads) : 1.0;

  std::multimap<std::string, const db::Synonym*> synonyms_by_name;
  for (const db::Synonym& synonym : knowledge.synonyms()) synonyms_by_name.emplace(synonym.name, &synonym);

  for (const ProfileEntry& entry : profile.entries) {
    if (entry.rank != kernels::Rank::kGenus && entry.rank != kernels::Rank::kSpecies) continue;
    const double fraction = static_cast<double>(entry.clade_reads) / total;
    if (fraction < min_fraction || entry.clade_reads == 0) continue;
    const std::string rank(kernels::rank_name(entry.rank));
    // Candidate KB names for this taxon and how each was reached.
    std::vector<std::pair<std::string, std::string>> names{{entry.name, "exact"}};
    const std::string stripped = strip_gtdb_suffix(entry.name);
    if (stripped != entry.name) names.emplace_back(stripped, "suffix_stripped");
    for (std::size_t i = 0, n = names.size(); i < n; ++i) {
      auto [first, last] = synonyms_by_name.equal_range(names[i].first);
      for (auto it = first; it != last; ++it)
        names.emplace_back(it->second->accepted_name, "synonym (" + it->second->name + " -> " +
                                                          it->second->accepted_name + ", " + it->second->kind + ")");
    }
    std::set<const db::NeuroactiveFact*> matched;
    for (const auto& [name, how] : names) {
      for (const db::NeuroactiveFact& fact : knowledge.facts()) {
        if (fact.rank != rank || fact.taxon != name || !matched.insert(&fact).second) continue;
        annotation.matches.push_back({&entry, &fact, how, fraction});
      }
    }
  }
  std::stable_sort(annotation.matches.begin(), annotation.matches.end(), [](const FactMatch& a, const FactMatch& b) {
    if (a.fact->compound != b.fact->compound) return a.fact->compound < b.fact->compound;
    if (a.fact->relation != b.fact->relation) return a.fact->relation < b.fact->relation;
    if (a.fraction != b.fraction) return a.fraction > b.fraction;
    return a.taxon->name < b.taxon->name;
  });

  // A species and its genus may both match; count each read once per compound and relation.
  for (const FactMatch& match : annotation.matches) {
    if (annotation.compounds.empty() || annotation.compounds.back().compound != match.fact->compound ||
        annotation.compounds.back().relation != match.fact->relation)
      annotation.compounds.push_back({match.fact->compound, match.fact->relation, 0.0, 0.0, {}});
    CompoundSummary& summary = annotation.compounds.back();
    const bool genus_already_counted =
        match.taxon->rank == kernels::Rank::kSpecies &&
        std::find(summary.taxa.begin(), summary.taxa.end(), match.taxon->parent_genus) != summary.taxa.end();
    if (std::find(summary.taxa.begin(), summary.taxa.end(), match.taxon->name) != summary.taxa.end()) continue;
    summary.taxa.push_back(match.taxon->name);
    if (genus_already_counted) continue;
    summary.fraction += match.fraction;
    summary.evidence_score += match.fraction * grade_weight(match.fact->grade);
  }
  return annotation;
}

std::string format_annotation_tsv(const Annotation& annotation) {
  std::string out = std::string("# ") + kAnnotationDisclaimer + "\n";
  out += "sample\ttaxid\ttaxon\trank\treads\tfraction\tkb_taxon\tmatch\tcompound\trelation\tmechanism\tevidence\tgrade\tscope\tsource\n";
  for (const FactMatch& match : annotation.matches) {
    const auto& fact = *match.fact;
    out += annotation.sample + '\t' + std::to_string(match.taxon->taxid) + '\t' + match.taxon->name + '\t' +
           std::string(kernels::rank_name(match.taxon->rank)) + '\t' + std::to_string(match.taxon->clade_reads) + '\t' +
           format_fraction(match.fraction) + '\t' + fact.taxon + '\t' + match.how + '\t' + fact.compound + '\t' +
           fact.relation + '\t' + fact.mechanism + '\t' + fact.evidence + '\t' + fact.grade + '\t' + fact.scope + '\t' +
           fact.source + '\n';
  }
  return out;
}

std::string format_compound_summary_tsv(const Annotation& annotation) {
  std::string out = std::string("# ") + kAnnotationDisclaimer + "\n";
  out += "sample\tcompound\trelation\tfraction\tevidence_score\ttaxa\n";
  for (const CompoundSummary& summary : annotation.compounds) {
    std::string taxa;
    for (const std::string& taxon : summary.taxa) taxa += (taxa.empty() ? "" : ",") + taxon;
    out += annotation.sample + '\t' + summary.compound + '\t' + summary.relation + '\t' +
           format_fraction(summary.fraction) + '\t' + format_fraction(summary.evidence_score) + '\t' + taxa + '\n';
  }
  return out;
}

std::string format_annotation_json(const Annotation& annotation, const db::KnowledgeBase& knowledge) {
  nlohmann::ordered_json matches = nlohmann::ordered_json::array();
  for (const FactMatch& match : annotation.matches) {
    const auto& fact = *match.fact;
    const db::Compound* compound = knowledge.compound(fact.compound);
    matches.push_back({{"taxid", match.taxon->taxid},
                       {"taxon", match.taxon->name},
                       {"rank", kernels::rank_name(match.taxon->rank)},
                       {"reads", match.taxon->clade_reads},
                       {"fraction", match.fraction},
                       {"kb_taxon", fact.taxon},
                       {"match", match.how},
                       {"compound", fact.compound},
                       {"chebi_id", compound != nullptr ? compound->chebi_id : ""},
                       {"relation", fact.relation},
                       {"mechanism", fact.mechanism},
                       {"evidence", fact.evidence},
                       {"grade", std::string(1, fact.grade)},
                       {"scope", fact.scope},
                       {"source", fact.source},
                       {"note", fact.note}});
  }
  nlohmann::ordered_json compounds = nlohmann::ordered_json::array();
  for (const CompoundSummary& summary : annotation.compounds)
    compounds.push_back({{"compound", summary.compound},
                         {"relation", summary.relation},
                         {"fraction", summary.fraction},
                         {"evidence_score", summary.evidence_score},
                         {"taxa", summary.taxa}});
  const nlohmann::ordered_json document = {
      {"disclaimer", kAnnotationDisclaimer},
      {"sample", annotation.sample},
      {"evidence_score", "sum over taxa of read fraction x grade weight (A 1.0, B 0.7, C 0.5, D 0.3, E 0.1)"},
      {"matches", matches},
      {"compounds", compounds}};
  return document.dump(2) + "\n";
}

}  // namespace neurotax::pipeline
