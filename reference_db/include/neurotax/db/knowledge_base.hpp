#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace neurotax::db {

/// A compound of the controlled list (compounds.tsv), or a host phenotype
/// that cohort studies associate taxa with (class host_phenotype).
struct Compound {
  std::string id;
  std::string ontology_id;  ///< ChEBI for compounds; MONDO or EFO for host phenotypes
  std::string compound_class;
  std::string label;
};

/// One taxon–compound–relation fact (knowledge_base.tsv), with its source.
struct NeuroactiveFact {
  std::string taxon;
  std::string rank;  ///< genus or species
  std::string compound;
  std::string relation;
  std::string mechanism;
  std::string evidence;
  std::string scope;
  std::string source;
  std::string note;
  char grade = 'E';    ///< derived from evidence, see evidence_grade()
  std::string origin;  ///< file:line it came from
};

/// A name a reference may use for a taxon the knowledge base names differently.
struct Synonym {
  std::string name;
  std::string accepted_name;
  std::string rank;
  std::string kind;
  std::string source;
};

/// A=gene or enzyme shown, B=measured in culture, C=animal model or
/// host-mediated, D=genome prediction or reported only in a review (primary
/// report not seen), E=human association only.
[[nodiscard]] char evidence_grade(std::string_view evidence);

/// The curated neuroactive knowledge base: reviewed TSV files, validated on load
/// (controlled vocabularies, well-formed sources, no duplicate rows). Every
/// error throws InputError naming the file and line.
class KnowledgeBase {
 public:
  /// Loads compounds.tsv, knowledge_base.tsv and synonyms.tsv from `directory`,
  /// then each `extra` knowledge_base-format file, whose rows add to the base or
  /// replace a base row with the same taxon, compound and relation.
  static KnowledgeBase load(const std::string& directory, const std::vector<std::string>& extra = {});
  /// The directory of the knowledge base shipped with this build.
  [[nodiscard]] static std::string default_directory();

  [[nodiscard]] const std::vector<Compound>& compounds() const noexcept { return compounds_; }
  [[nodiscard]] const std::vector<NeuroactiveFact>& facts() const noexcept { return facts_; }
  [[nodiscard]] const std::vector<Synonym>& synonyms() const noexcept { return synonyms_; }
  [[nodiscard]] const Compound* compound(std::string_view id) const;

 private:
  void add_facts(const std::string& path, bool allow_override);

  std::vector<Compound> compounds_;
  std::vector<NeuroactiveFact> facts_;
  std::vector<Synonym> synonyms_;
};

/// Whether `source` is a well-formed citation: doi:10.NNNN/suffix, pmid:N or pmcid:PMCN.
[[nodiscard]] bool is_well_formed_source(std::string_view source);

}  // namespace neurotax::db
