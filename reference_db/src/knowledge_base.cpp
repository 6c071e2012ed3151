#include "neurotax/db/knowledge_base.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <span>
#include <tuple>

#include "neurotax/common/errors.hpp"
#include "neurotax/common/text.hpp"

namespace neurotax::db {
namespace {

constexpr std::array kRanks = {std::string_view("genus"), std::string_view("species")};
constexpr std::array kRelations = {std::string_view("produces"),
                                   std::string_view("consumes"),
                                   std::string_view("converts_precursor"),
                                   std::string_view("induces_host_production"),
                                   std::string_view("modulates_host"),
                                   std::string_view("human_association")};
constexpr std::array kEvidence = {std::string_view("gene_or_enzyme"),    std::string_view("culture"),
                                  std::string_view("animal_model"),      std::string_view("host_mediated"),
                                  std::string_view("genome_prediction"), std::string_view("review_report"),
                                  std::string_view("human_association")};
constexpr std::array kCompoundClasses = {std::string_view("monoamine"), std::string_view("amino_acid_neurotransmitter"),
                                         std::string_view("choline_ester"), std::string_view("tryptophan_metabolite"),
                                         std::string_view("short_chain_fatty_acid"), std::string_view("host_phenotype")};
// A host phenotype (a disease or trait a cohort study tied to a taxon) is not
// a compound: it takes a disease-ontology id and only the association relation.
constexpr std::string_view kHostPhenotype = "host_phenotype";
constexpr std::string_view kHumanAssociation = "human_association";
constexpr std::array kCompoundIdPrefixes = {std::string_view("CHEBI:")};
constexpr std::array kPhenotypeIdPrefixes = {std::string_view("MONDO:"), std::string_view("EFO:")};
constexpr std::array kScopes = {std::string_view("genus_wide"), std::string_view("some_strains")};
constexpr std::array kSynonymKinds = {std::string_view("reclassification"), std::string_view("not_separable_by_16s"),
                                      std::string_view("reference_style")};

template <std::size_t N>
bool one_of(std::string_view value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <std::size_t N>
std::string choices(const std::array<std::string_view, N>& allowed) {
  std::string text;
  for (const auto value : allowed) text += (text.empty() ? "" : ", ") + std::string(value);
  return text;
}

struct TsvRow {
  std::vector<std::string> fields;
  std::size_t line = 0;
};

/// Reads a TSV whose first line must equal `header`; every row must have as many fields.
std::vector<TsvRow> read_tsv(const std::string& path, const std::vector<std::string_view>& header) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open");
  std::vector<TsvRow> rows;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    TsvRow row{split_field_strings(line, '\t'), number};
    if (rows.empty() && number == 1 + 0 && row.fields.size() == header.size() &&
        std::equal(header.begin(), header.end(), row.fields.begin())) {
      rows.push_back(std::move(row));  // header, dropped below
      continue;
    }
    if (rows.empty()) {
      std::string expected;
      for (const auto column : header) expected += (expected.empty() ? "" : "<TAB>") + std::string(column);
      throw InputError(path + ": line " + std::to_string(number) + ": expected the header " + expected);
    }
    if (row.fields.size() != header.size())
      throw InputError(path + ": line " + std::to_string(number) + ": expected " + std::to_string(header.size()) +
                       " tab-separated fields, found " + std::to_string(row.fields.size()));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw InputError(path + ": empty file (no header)");
  rows.erase(rows.begin());
  return rows;
}

/// Whether `id` is one of `prefixes` followed by digits only.
bool is_curie(std::string_view id, std::span<const std::string_view> prefixes) {
  for (const std::string_view prefix : prefixes) {
    if (!id.starts_with(prefix)) continue;
    const std::string_view digits = id.substr(prefix.size());
    return !digits.empty() &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  }
  return false;
}

}  // namespace

char evidence_grade(std::string_view evidence) {
  if (evidence == "gene_or_enzyme") return 'A';
  if (evidence == "culture") return 'B';
  if (evidence == "animal_model" || evidence == "host_mediated") return 'C';
  if (evidence == "genome_prediction" || evidence == "review_report") return 'D';
  return 'E';
}

bool is_well_formed_source(std::string_view source) {
  const auto digits = [](std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  if (source.starts_with("pmid:")) return digits(source.substr(5));
  if (source.starts_with("pmcid:PMC")) return digits(source.substr(9));
  if (!source.starts_with("doi:10.")) return false;
  const std::string_view rest = source.substr(7);
  const auto slash = rest.find('/');
  return slash != std::string_view::npos && slash > 0 && digits(rest.substr(0, slash)) && slash + 1 < rest.size() &&
         rest.find_first_of(" \t") == std::string_view::npos;
}

std::string KnowledgeBase::default_directory() { return NEUROTAX_KB_DIR; }

const Compound* KnowledgeBase::compound(std::string_view id) const {
  for (const Compound& compound : compounds_)
    if (compound.id == id) return &compound;
  return nullptr;
}

KnowledgeBase KnowledgeBase::load(const std::string& directory, const std::vector<std::string>& extra) {
  KnowledgeBase base;
  const std::string compounds_path = directory + "/compounds.tsv";
  for (const TsvRow& row : read_tsv(compounds_path, {"compound", "ontology_id", "class", "label"})) {
    const std::string where = compounds_path + ": line " + std::to_string(row.line) + ": ";
    if (!one_of(row.fields[2], kCompoundClasses))
      throw InputError(where + "unknown class '" + row.fields[2] + "' (expected " + choices(kCompoundClasses) + ")");
    const bool phenotype = row.fields[2] == kHostPhenotype;
    if (!is_curie(row.fields[1], phenotype ? std::span<const std::string_view>(kPhenotypeIdPrefixes)
                                           : std::span<const std::string_view>(kCompoundIdPrefixes)))
      throw InputError(where + (phenotype ? "a host phenotype needs a MONDO:1234567 or EFO:1234567 id, found '"
                                          : "a compound needs a ChEBI id like CHEBI:12345, found '") +
                       row.fields[1] + "'");
    if (base.compound(row.fields[0]) != nullptr) throw InputError(where + "duplicate compound '" + row.fields[0] + "'");
    base.compounds_.push_back({row.fields[0], row.fields[1], row.fields[2], row.fields[3]});
  }
  base.add_facts(directory + "/knowledge_base.tsv", false);
  for (const std::string& path : extra) base.add_facts(path, true);

  const std::string synonyms_path = directory + "/synonyms.tsv";
  for (const TsvRow& row : read_tsv(synonyms_path, {"name", "accepted_name", "rank", "kind", "source"})) {
    const std::string where = synonyms_path + ": line " + std::to_string(row.line) + ": ";
    if (!one_of(row.fields[3], kSynonymKinds)) throw InputError(where + "unknown kind '" + row.fields[3] + "' (expected " + choices(kSynonymKinds) + ")");
    if (!is_well_formed_source(row.fields[4])) throw InputError(where + "missing or malformed source '" + row.fields[4] + "'");
    base.synonyms_.push_back({row.fields[0], row.fields[1], row.fields[2], row.fields[3], row.fields[4]});
  }
  return base;
}

void KnowledgeBase::add_facts(const std::string& path, bool allow_override) {
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < facts_.size(); ++i)
    index.emplace(std::make_tuple(facts_[i].taxon, facts_[i].compound, facts_[i].relation), i);
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen_here;
  for (const TsvRow& row : read_tsv(path, {"taxon", "rank", "compound", "relation", "mechanism", "evidence", "scope",
                                           "source", "note"})) {
    const std::string where = path + ": line " + std::to_string(row.line) + ": ";
    const auto& f = row.fields;
    if (f[0].empty()) throw InputError(where + "empty taxon");
    if (!one_of(f[1], kRanks)) throw InputError(where + "bad rank '" + f[1] + "' (expected " + choices(kRanks) + ")");
    if (f[1] == "species" && f[0].find(' ') == std::string::npos)
      throw InputError(where + "species '" + f[0] + "' must be a binomial");
    const Compound* target = compound(f[2]);
    if (target == nullptr) throw InputError(where + "unknown compound '" + f[2] + "' (not in compounds.tsv)");
    if (!one_of(f[3], kRelations)) throw InputError(where + "unknown relation '" + f[3] + "' (expected " + choices(kRelations) + ")");
    if (target->compound_class == kHostPhenotype && (f[3] != kHumanAssociation || f[5] != kHumanAssociation))
      throw InputError(where + "'" + f[2] + "' is a host phenotype, not a compound: its only relation and evidence are " +
                       std::string(kHumanAssociation));
    if (!one_of(f[5], kEvidence)) throw InputError(where + "unknown evidence '" + f[5] + "' (expected " + choices(kEvidence) + ")");
    if (!one_of(f[6], kScopes)) throw InputError(where + "unknown scope '" + f[6] + "' (expected " + choices(kScopes) + ")");
    if (f[7].empty()) throw InputError(where + "missing source: every row needs a DOI or PMID");
    if (!is_well_formed_source(f[7])) throw InputError(where + "malformed source '" + f[7] + "' (expected doi:10.NNNN/... or pmid:N)");
    NeuroactiveFact fact{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], evidence_grade(f[5]),
                         path + ":" + std::to_string(row.line)};
    auto key = std::make_tuple(fact.taxon, fact.compound, fact.relation);
    if (const auto previous = seen_here.find(key); previous != seen_here.end())
      throw InputError(where + "duplicate row (same taxon, compound and relation as line " +
                       std::to_string(previous->second) + ")");
    seen_here.emplace(key, row.line);
    if (const auto existing = index.find(key); allow_override && existing != index.end()) {
      facts_[existing->second] = std::move(fact);
    } else {
      index.emplace(std::move(key), facts_.size());
      facts_.push_back(std::move(fact));
    }
  }
}

}  // namespace neurotax::db
