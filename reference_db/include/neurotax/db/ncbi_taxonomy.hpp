#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include "neurotax/db/taxonomy.hpp"

namespace neurotax::db {

/// An NCBI taxdump (nodes.dmp and names.dmp, scientific names), as Kraken 2
/// builds use. Lineages keep NCBI's taxids so that outputs carry them.
class NcbiTaxonomy {
 public:
  /// Reads `directory`/nodes.dmp and names.dmp; throws InputError naming file
  /// and line on malformed lines, unknown parents or cycles.
  explicit NcbiTaxonomy(const std::string& directory);

  /// Lineage of `taxid` (root excluded); throws std::invalid_argument if unknown.
  [[nodiscard]] Lineage lineage_of(std::uint32_t taxid) const;

 private:
  struct Node {
    std::uint32_t parent;
    Rank rank;
    std::string name;
  };
  std::unordered_map<std::uint32_t, Node> nodes_;
};

class Database;

/// Writes `database`'s taxonomy as an NCBI taxdump (nodes.dmp, names.dmp) into
/// `directory`, with the database's taxids, so that Kraken 2 and other tools
/// can build from the same taxonomy. Domains are written as "superkingdom",
/// the rank Kraken 2 reports as D.
void write_taxdump(const Database& database, const std::string& directory);

}  // namespace neurotax::db
