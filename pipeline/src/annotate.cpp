#include "neurotax/pipeline/annotate.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/text.hpp"

namespace neurotax::pipeline {
namespace {

/// A name the knowledge base may use for a profile taxon, and how it was reached.
struct NameMatch {
  std::string name;
  std::string how;
  bool possible;
};

/// How references write names the knowledge base writes plainly: GTDB's split
/// genera (Faecalibacterium_A), SILVA's brackets and groups ("[Eubacterium]
/// hallii group"), RDP's "Clostridium sensu stricto" and numbered clusters.
std::string normalise(const std::string& name) {
  std::string out;
  for (const char c : name)
    if (c != '[' && c != ']') out += c;
  for (const std::string_view suffix : {" group", " sensu stricto"}) {
    const auto at = out.find(suffix);
    if (at != std::string::npos) out.erase(at);
  }
  while (!out.empty() && (std::isdigit(static_cast<unsigned char>(out.back())) || out.back() == ' ')) out.pop_back();
  // GTDB's suffixes, on the genus and on the epithet alike: "Ruminococcus_B gnavus", "prausnitzii_C".
  std::string plain;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find(' ', start);
    if (end == std::string::npos) end = out.size();
    std::string_view word(out.data() + start, end - start);
    const auto underscore = word.rfind('_');
    if (underscore != std::string_view::npos && underscore + 1 < word.size() &&
        std::all_of(word.begin() + static_cast<std::ptrdiff_t>(underscore) + 1, word.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      word = word.substr(0, underscore);
    if (!plain.empty()) plain += ' ';
    plain += word;
    start = end + 1;
  }
  return plain;
}

std::string first_word(const std::string& name) { return name.substr(0, name.find(' ')); }

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

class NameResolver {
 public:
  explicit NameResolver(const db::KnowledgeBase& knowledge) {
    for (const db::Synonym& synonym : knowledge.synonyms()) {
      forward_.emplace(synonym.name, &synonym);
      backward_.emplace(synonym.accepted_name, &synonym);
      // A species moved to another genus marks its old genus as split.
      if (synonym.rank == "species" && first_word(synonym.name) != first_word(synonym.accepted_name))
        successors_[first_word(synonym.name)].insert(first_word(synonym.accepted_name));
    }
  }

  /// Names the knowledge base may use for `name`.
  std::vector<NameMatch> resolve(const std::string& name) const {
    std::vector<NameMatch> names{{name, "exact", false}};
    const std::string normalised = normalise(name);
    if (normalised != name) names.push_back({normalised, "normalised (" + name + " -> " + normalised + ")", false});
    for (std::size_t i = 0, n = names.size(); i < n; ++i) {
      for (auto [it, end] = forward_.equal_range(names[i].name); it != end; ++it)
        names.push_back({it->second->accepted_name,
                         "synonym (" + name + " -> " + it->second->accepted_name + ", " + it->second->kind + ")", false});
      for (auto [it, end] = backward_.equal_range(names[i].name); it != end; ++it)
        names.push_back({it->second->name, "synonym (" + name + " <- " + it->second->name + ", " + it->second->kind + ")",
                         false});
    }
    if (const auto split = successors_.find(normalised); split != successors_.end())
      for (const std::string& successor : split->second)
        names.push_back({successor, "possible: " + normalised + " was split; part of it is now " + successor, true});
    return names;
  }

 private:
  std::multimap<std::string, const db::Synonym*, std::less<>> forward_, backward_;
  std::map<std::string, std::set<std::string>, std::less<>> successors_;
};

bool is_above_genus(kernels::Rank rank) {
  return rank != kernels::Rank::kNoRank && rank != kernels::Rank::kRoot && rank < kernels::Rank::kGenus;
}

}  // namespace

Annotation annotate(const TaxonProfile& profile, const db::KnowledgeBase& knowledge, double min_fraction) {
  Annotation annotation;
  annotation.sample = profile.sample;
  annotation.fraction_basis = profile.fraction_basis;
  const NameResolver resolver(knowledge);

  // Facts by their taxon's name, and the genera that species-level facts name.
  std::multimap<std::string, const db::NeuroactiveFact*, std::less<>> facts_named;
  for (const db::NeuroactiveFact& fact : knowledge.facts()) facts_named.emplace(fact.taxon, &fact);

  const auto add_matches = [&](const ProfileEntry& entry, double read_fraction, std::optional<double> cell_fraction,
                               const std::string& prefix, bool force_possible) {
    std::set<const db::NeuroactiveFact*> seen;
    const std::string rank(kernels::rank_name(entry.rank));
    for (const NameMatch& match : resolver.resolve(entry.name)) {
      for (auto [it, end] = facts_named.equal_range(match.name); it != end; ++it) {
        const db::NeuroactiveFact* fact = it->second;
        if (fact->rank != rank || !seen.insert(fact).second) continue;
        annotation.matches.push_back({&entry, fact, prefix + match.how, force_possible || match.possible, read_fraction,
                                      cell_fraction});
      }
      // A species renamed into another genus carries that genus's rows: its own
      // genus in the profile (Eubacterium for Eubacterium rectale) cannot, and
      // a species left in its genus is already counted through the genus entry.
      if (entry.rank == kernels::Rank::kSpecies) {
        const std::string genus = first_word(match.name);
        if (genus == first_word(entry.name)) continue;
        for (auto [it, end] = facts_named.equal_range(genus); it != end; ++it) {
          const db::NeuroactiveFact* fact = it->second;
          if (fact->rank != "genus" || !seen.insert(fact).second) continue;
          annotation.matches.push_back({&entry, fact, prefix + "species-to-genus (" + match.how + "; genus " + genus + ")",
                                        force_possible || match.possible, read_fraction, cell_fraction});
        }
        continue;
      }
      // A genus may carry what the knowledge base shows for one of its species.
      if (entry.rank != kernels::Rank::kGenus) continue;
      for (const db::NeuroactiveFact& fact : knowledge.facts()) {
        if (fact.rank != "species" || first_word(fact.taxon) != match.name || !seen.insert(&fact).second) continue;
        annotation.matches.push_back({&entry, &fact, prefix + "possible: species " + fact.taxon + " of " + match.name, true,
                                      read_fraction, cell_fraction});
      }
    }
  };

  for (const ProfileEntry& entry : profile.entries) {
    if (entry.read_fraction < min_fraction || entry.reads == 0) continue;
    if (entry.rank == kernels::Rank::kGenus || entry.rank == kernels::Rank::kSpecies)
      add_matches(entry, entry.read_fraction, entry.cell_fraction, "", false);
  }
  // Reads the classifier stopped above genus: possible for the genera under
  // that taxon which the sample holds, never silently counted or dropped.
  const double total_fraction_per_read = [&] {
    for (const ProfileEntry& entry : profile.entries)
      if (entry.reads > 0) return entry.read_fraction / static_cast<double>(entry.reads);
    return 0.0;
  }();
  for (const ProfileEntry& entry : profile.entries) {
    if (!is_above_genus(entry.rank) || entry.called_here == 0) continue;
    const double fraction = total_fraction_per_read * static_cast<double>(entry.called_here);
    if (fraction < min_fraction || fraction == 0) continue;
    for (const ProfileEntry& genus : profile.entries) {
      if (genus.rank != kernels::Rank::kGenus ||
          std::find(genus.ancestors.begin(), genus.ancestors.end(), entry.name) == genus.ancestors.end())
        continue;
      add_matches(genus, fraction, std::nullopt,
                  "possible: " + std::to_string(entry.called_here) + " reads called at " + entry.name + ", " , true);
      // Report these under the taxon the reads were called at.
      for (auto it = annotation.matches.rbegin(); it != annotation.matches.rend() && it->taxon == &genus && it->possible; ++it)
        it->taxon = &entry;
    }
  }

  std::stable_sort(annotation.matches.begin(), annotation.matches.end(), [](const FactMatch& a, const FactMatch& b) {
    if (a.fact->compound != b.fact->compound) return a.fact->compound < b.fact->compound;
    if (a.fact->relation != b.fact->relation) return a.fact->relation < b.fact->relation;
    if (a.possible != b.possible) return !a.possible;
    if (a.read_fraction != b.read_fraction) return a.read_fraction > b.read_fraction;
    return a.taxon->name < b.taxon->name;
  });

  // Each taxon counts once per compound and relation, however many rows match it.
  for (const FactMatch& match : annotation.matches) {
    if (annotation.compounds.empty() || annotation.compounds.back().compound != match.fact->compound ||
        annotation.compounds.back().relation != match.fact->relation)
      annotation.compounds.push_back({match.fact->compound, match.fact->relation, 0.0, std::nullopt, 0.0, {}, 0.0, {}});
    CompoundSummary& summary = annotation.compounds.back();
    auto& taxa = match.possible ? summary.possible_taxa : summary.taxa;
    if (std::find(taxa.begin(), taxa.end(), match.taxon->name) != taxa.end()) continue;
    // A taxon already matched with certainty is not also "possible" (certain matches sort first).
    if (match.possible && std::find(summary.taxa.begin(), summary.taxa.end(), match.taxon->name) != summary.taxa.end())
      continue;
    taxa.push_back(match.taxon->name);
    if (match.possible) {
      summary.possible_read_fraction += match.read_fraction;
      continue;
    }
    summary.read_fraction += match.read_fraction;
    summary.evidence_score += match.read_fraction * grade_weight(match.fact->grade);
    if (match.cell_fraction) summary.cell_fraction = summary.cell_fraction.value_or(0.0) + *match.cell_fraction;
  }
  return annotation;
}

std::string format_annotation_tsv(const Annotation& annotation) {
  std::string out = std::string("# ") + kAnnotationDisclaimer + "\n# fractions are of " + annotation.fraction_basis + "\n";
  out += "sample\ttaxid\ttaxon\trank\treads\tread_fraction\tcell_fraction\tkb_taxon\tcertainty\tmatch\tcompound\trelation\t"
         "mechanism\tevidence\tgrade\tscope\tsource\n";
  for (const FactMatch& match : annotation.matches) {
    const auto& fact = *match.fact;
    out += annotation.sample + '\t' + std::to_string(match.taxon->taxid) + '\t' + match.taxon->name + '\t' +
           std::string(kernels::rank_name(match.taxon->rank)) + '\t' + std::to_string(match.taxon->reads) + '\t' +
           fixed_point(match.read_fraction, 6) + '\t' + (match.cell_fraction ? fixed_point(*match.cell_fraction, 6) : "NA") + '\t' +
           fact.taxon + '\t' + (match.possible ? "possible" : "match") + '\t' + match.how + '\t' + fact.compound + '\t' +
           fact.relation + '\t' + fact.mechanism + '\t' + fact.evidence + '\t' + fact.grade + '\t' + fact.scope + '\t' +
           fact.source + '\n';
  }
  return out;
}

std::string format_compound_summary_tsv(const Annotation& annotation) {
  std::string out = std::string("# ") + kAnnotationDisclaimer + "\n# fractions are of " + annotation.fraction_basis + "\n";
  out += "sample\tcompound\trelation\tread_fraction\tcell_fraction\tevidence_score\ttaxa\tpossible_read_fraction\tpossible_taxa\n";
  const auto join = [](const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "" : ",") + name;
    return text;
  };
  for (const CompoundSummary& summary : annotation.compounds)
    out += annotation.sample + '\t' + summary.compound + '\t' + summary.relation + '\t' + fixed_point(summary.read_fraction, 6) +
           '\t' + (summary.cell_fraction ? fixed_point(*summary.cell_fraction, 6) : "NA") + '\t' +
           fixed_point(summary.evidence_score, 6) + '\t' + join(summary.taxa) + '\t' + fixed_point(summary.possible_read_fraction, 6) +
           '\t' + join(summary.possible_taxa) + '\n';
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
                       {"reads", match.taxon->reads},
                       {"read_fraction", match.read_fraction},
                       {"cell_fraction", match.cell_fraction ? nlohmann::ordered_json(*match.cell_fraction) : nullptr},
                       {"kb_taxon", fact.taxon},
                       {"certainty", match.possible ? "possible" : "match"},
                       {"match", match.how},
                       {"compound", fact.compound},
                       {"compound_label", compound != nullptr ? compound->label : fact.compound},
                       {"compound_class", compound != nullptr ? compound->compound_class : ""},
                       {"ontology_id", compound != nullptr ? compound->ontology_id : ""},
                       {"relation", fact.relation},
                       {"mechanism", fact.mechanism},
                       {"evidence", fact.evidence},
                       {"grade", std::string(1, fact.grade)},
                       {"scope", fact.scope},
                       {"source", fact.source},
                       {"note", fact.note}});
  }
  nlohmann::ordered_json compounds = nlohmann::ordered_json::array();
  for (const CompoundSummary& summary : annotation.compounds) {
    const db::Compound* compound = knowledge.compound(summary.compound);
    compounds.push_back({{"compound", summary.compound},
                         {"compound_label", compound != nullptr ? compound->label : summary.compound},
                         {"compound_class", compound != nullptr ? compound->compound_class : ""},
                         {"ontology_id", compound != nullptr ? compound->ontology_id : ""},
                         {"relation", summary.relation},
                         {"read_fraction", summary.read_fraction},
                         {"cell_fraction", summary.cell_fraction ? nlohmann::ordered_json(*summary.cell_fraction) : nullptr},
                         {"evidence_score", summary.evidence_score},
                         {"taxa", summary.taxa},
                         {"possible_read_fraction", summary.possible_read_fraction},
                         {"possible_taxa", summary.possible_taxa}});
  }
  const nlohmann::ordered_json document = {
      {"disclaimer", kAnnotationDisclaimer},
      {"sample", annotation.sample},
      {"fractions_of", annotation.fraction_basis},
      {"evidence_score", "sum over matched taxa of read fraction x grade weight (A 1.0, B 0.7, C 0.5, D 0.3, E 0.1)"},
      {"matches", matches},
      {"compounds", compounds}};
  return document.dump(2) + "\n";
}

std::string merge_compound_summaries(const std::vector<std::string>& summary_paths) {
  std::vector<std::string> samples;
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> table;
  for (const std::string& path : summary_paths) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open");
    std::string line;
    std::size_t number = 0;
    std::string sample;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty() || line[0] == '#' || line.starts_with("sample\t")) continue;
      const std::vector<std::string> fields = split_field_strings(line, '\t');
      if (fields.size() < 4) throw InputError(path + ": line " + std::to_string(number) + ": not a neuroactive summary row");
      if (sample.empty()) {
        sample = fields[0];
        if (std::find(samples.begin(), samples.end(), sample) != samples.end())
          throw InputError(path + ": sample '" + sample + "' appears twice");
        samples.push_back(sample);
      }
      table[{fields[1], fields[2]}][sample] = fields[3];
    }
  }
  std::string out = std::string("# ") + kAnnotationDisclaimer + "\ncompound\trelation";
  for (const std::string& sample : samples) out += '\t' + sample;
  out += '\n';
  for (const auto& [key, values] : table) {
    out += key.first + '\t' + key.second;
    for (const std::string& sample : samples) {
      const auto found = values.find(sample);
      out += '\t' + (found == values.end() ? std::string("0.000000") : found->second);
    }
    out += '\n';
  }
  return out;
}

}  // namespace neurotax::pipeline
