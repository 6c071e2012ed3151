#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "neurotax/db/taxonomy.hpp"

namespace neurotax::db {

/// The RDP classifier's taxonomy file (`taxid*name*parent*depth*rank`, one
/// taxon a line, names sometimes quoted), as shipped with its training sets.
class RdpTaxonomy {
 public:
  /// Throws InputError naming the line on malformed lines, unknown parents,
  /// duplicate taxids or cycles.
  explicit RdpTaxonomy(const std::string& path);

  /// Lineage (root excluded) of the taxon reached by following `names` from the
  /// root ("Root;Bacteria;Firmicutes;..."); throws std::invalid_argument naming
  /// the first name that is not a child of the previous one.
  [[nodiscard]] Lineage lineage_of_path(const std::vector<std::string_view>& names) const;
  /// Lineage of the genus named `genus` (exact, quotes removed), or empty.
  [[nodiscard]] Lineage lineage_of_genus(std::string_view genus) const;
  /// Every genus name, for building look-up tables.
  [[nodiscard]] std::vector<std::string> genus_names() const;

 private:
  struct Node {
    std::int64_t parent;
    std::string name;
    Rank rank;
  };
  [[nodiscard]] Lineage lineage_of(std::int64_t taxid) const;

  std::string path_;
  std::map<std::int64_t, Node> nodes_;
  std::int64_t root_ = -1;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t, std::less<>> child_by_name_;
  std::map<std::string, std::vector<std::int64_t>, std::less<>> genera_by_name_;
};

/// Rank of an RDP or NCBI rank word: superkingdom and domain are domains;
/// subclass, suborder, "no rank", clade, strain and the like become kNoRank.
[[nodiscard]] Rank rank_from_word(std::string_view word);

}  // namespace neurotax::db
