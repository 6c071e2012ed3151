#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::db {

using kernels::Rank;

/// One named step of a lineage, root excluded.
struct LineageEntry {
  Rank rank;
  std::string name;
  std::uint32_t taxid = 0;  ///< the source's own taxid (NCBI), kept in outputs; 0 = assign one
  friend bool operator==(const LineageEntry&, const LineageEntry&) = default;
};
using Lineage = std::vector<LineageEntry>;

/// A taxonomy owned in memory while a database is built. Internal ids are
/// dense and assigned in order of first appearance, so parents precede children
/// and the same inputs always give the same ids. Taxa are identified by their
/// parent and name, so one name at two places of the tree stays two taxa.
class TaxonomyBuilder {
 public:
  TaxonomyBuilder();

  /// Adds the lineage (outermost rank first) and returns the deepest taxon's id.
  /// Throws std::invalid_argument when ranks are out of order or a source
  /// taxid would name two different taxa.
  std::uint32_t add_lineage(const Lineage& lineage);

  /// External taxid per taxon: the source's where it had one, otherwise fresh
  /// ids above every source id, in internal order (root = 1 unless given).
  [[nodiscard]] std::vector<std::uint32_t> external_ids() const;

  [[nodiscard]] std::size_t size() const noexcept { return parents_.size(); }
  [[nodiscard]] const std::vector<std::uint32_t>& parents() const noexcept { return parents_; }
  [[nodiscard]] const std::vector<Rank>& ranks() const noexcept { return ranks_; }
  [[nodiscard]] const std::vector<std::uint16_t>& depths() const noexcept { return depths_; }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  [[nodiscard]] kernels::TaxonomyView view() const noexcept { return {parents_, ranks_, depths_, {}, {}, {}, {}}; }

 private:
  std::vector<std::uint32_t> parents_;
  std::vector<Rank> ranks_;
  std::vector<std::uint16_t> depths_;
  std::vector<std::string> names_;
  std::vector<std::uint32_t> source_taxids_;
  std::map<std::uint32_t, std::uint32_t> taxon_of_source_taxid_;
  std::map<std::tuple<std::uint32_t, Rank, std::string>, std::uint32_t, std::less<>> child_ids_;
};

/// Whether `name` is a placeholder rather than a taxon: uncultured,
/// unidentified, unknown, unclassified, metagenome, environmental sample,
/// Incertae Sedis (alone), or empty. Such lineage items are dropped, so the
/// reference is labelled at its last real ancestor.
[[nodiscard]] bool is_placeholder_name(std::string_view name);

/// Trims spaces and the quotes RDP and some SILVA exports put around names.
[[nodiscard]] std::string_view clean_name(std::string_view name);

}  // namespace neurotax::db
