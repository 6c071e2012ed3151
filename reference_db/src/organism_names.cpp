#include "neurotax/db/organism_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace neurotax::db {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

bool is_lower_word(std::string_view word) {
  return word.size() >= 2 && std::all_of(word.begin(), word.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == '-'; });
}

/// Markers of rRNA genes other than the 16S (the combined set also holds them).
constexpr std::array kOtherGeneWords = {"18s", "23s", "28s", "25s", "26s", "5s", "5.8s", "lsu", "its", "its1", "its2"};
constexpr std::array kOrganelleWords = {"chloroplast", "mitochondrion", "mitochondrial", "plastid", "apicoplast"};
constexpr std::array kUnnamedFirstWords = {"uncultured", "unidentified", "unknown", "unclassified", "environmental",
                                           "metagenome", "mixed", "bacterium", "archaeon", "candidate", "marine",
                                           "soil", "endosymbiont", "symbiont"};
constexpr std::array kNotEpithets = {"sp", "sp.", "spp.", "bacterium", "cf", "cf.", "aff", "aff.", "genomosp",
                                     "str", "str.", "strain", "clone", "partial", "gene", "endosymbiont",
                                     "symbiont", "group", "complex", "genosp", "isolate", "oral", "taxon"};

}  // namespace

OrganismNameResolver::OrganismNameResolver(const RdpTaxonomy& taxonomy) : taxonomy_(taxonomy) {
  for (const std::string& genus : taxonomy.genus_names()) {
    // RDP merges genera 16S cannot separate ("Escherichia/Shigella") and splits
    // others ("Clostridium sensu stricto", numbered clusters): map each
    // GenBank genus onto the RDP genus that holds its type species.
    std::string_view name(genus);
    if (name.ends_with(" sensu stricto")) name.remove_suffix(14);
    std::size_t start = 0;
    while (start <= name.size()) {
      const auto slash = name.find('/', start);
      const std::string part(name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
      if (!part.empty() && part.find(' ') == std::string::npos) rdp_genus_of_.emplace(part, genus);
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  }
  // An exact RDP genus always wins over a part of a merged name.
  for (const std::string& genus : taxonomy.genus_names())
    if (genus.find('/') == std::string::npos && genus.find(' ') == std::string::npos) rdp_genus_of_[genus] = genus;
}

std::optional<std::string> OrganismNameResolver::resolve(std::string_view description, Lineage& lineage) const {
  lineage.clear();
  const std::string text = lower(description);
  const std::vector<std::string_view> all_words = words(text);
  for (const std::string_view word : all_words)
    if (std::find(kOtherGeneWords.begin(), kOtherGeneWords.end(), word) != kOtherGeneWords.end())
      return "not a 16S gene (18S/23S/28S/5S/LSU/ITS in the defline)";
  if (text.find("large subunit") != std::string::npos || text.find("spacer") != std::string::npos) return "not a 16S gene (18S/23S/28S/5S/LSU/ITS in the defline)";
  for (const char* organelle : kOrganelleWords)
    if (text.find(organelle) != std::string::npos) return "chloroplast or mitochondrion";
  if (text.find("environmental sample") != std::string::npos) return "uncultured, unidentified or environmental";

  std::vector<std::string_view> name = words(description);
  if (!name.empty() && (name[0] == "Candidatus" || name[0] == "candidatus")) name.erase(name.begin());
  if (name.empty()) return "no organism name";
  std::string genus(clean_name(name[0]));
  genus.erase(std::remove_if(genus.begin(), genus.end(), [](char c) { return c == '[' || c == ']'; }), genus.end());
  const std::string first = lower(genus);
  if (std::find(kUnnamedFirstWords.begin(), kUnnamedFirstWords.end(), first) != kUnnamedFirstWords.end())
    return "uncultured, unidentified or environmental";
  if (genus.find('.') != std::string::npos || genus.size() < 3 || !std::isupper(static_cast<unsigned char>(genus[0])))
    return "abbreviated or malformed genus name";
  const auto rdp = rdp_genus_of_.find(genus);
  if (rdp == rdp_genus_of_.end()) return "genus not in the RDP taxonomy";
  lineage = taxonomy_.lineage_of_genus(rdp->second);
  if (lineage.empty()) return "genus not in the RDP taxonomy";
  if (name.size() > 1 && is_lower_word(name[1]) &&
      std::find(kNotEpithets.begin(), kNotEpithets.end(), name[1]) == kNotEpithets.end())
    lineage.push_back({Rank::kSpecies, genus + " " + std::string(name[1]), 0});
  return std::nullopt;
}

}  // namespace neurotax::db
