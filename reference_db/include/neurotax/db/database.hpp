#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "neurotax/db/database_format.hpp"
#include "neurotax/db/mapped_file.hpp"
#include "neurotax/kernels/genus_words.hpp"
#include "neurotax/kernels/minimizer_index.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::db {

/// A loaded database: the mapped file, validated (magic, format version,
/// size, checksum, section bounds) before any view is handed out. Views point
/// into the mapping, so a Database is neither copied nor moved.
class Database {
 public:
  /// Opens and validates `path`; throws InputError saying what is wrong and what to do.
  explicit Database(const std::string& path);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const format::FileHeader& header() const noexcept { return header_; }
  [[nodiscard]] const kernels::MinimizerIndexView& index() const noexcept { return index_; }
  [[nodiscard]] const kernels::TaxonomyView& taxonomy() const noexcept { return taxonomy_; }
  /// The genus word model (RDP's naive Bayes over 7-mers), the call's second opinion.
  [[nodiscard]] const kernels::GenusWordModel& genus_words() const noexcept { return *genus_words_; }
  [[nodiscard]] const kernels::MinimizerParams& minimizer_params() const noexcept { return minimizers_; }
  [[nodiscard]] std::string_view build_info() const noexcept { return build_info_; }
  [[nodiscard]] std::uint64_t file_size() const noexcept { return file_.bytes().size(); }

  [[nodiscard]] std::size_t taxon_count() const noexcept { return taxonomy_.size(); }
  [[nodiscard]] std::string_view name(std::uint32_t taxon) const noexcept;
  [[nodiscard]] std::uint32_t external_id(std::uint32_t taxon) const noexcept { return external_ids_[taxon]; }
  [[nodiscard]] std::uint32_t reference_count(std::uint32_t taxon) const noexcept { return reference_counts_[taxon]; }
  /// Mean 16S copies per genome of a genus (rrnDB), 0 when unknown.
  [[nodiscard]] float copy_number(std::uint32_t taxon) const noexcept { return copy_numbers_[taxon]; }
  /// Every section's id and size, for inspect-db.
  [[nodiscard]] const std::vector<format::SectionEntry>& sections() const noexcept { return sections_; }
  /// Internal id of an external taxid, if the database has it.
  [[nodiscard]] std::optional<std::uint32_t> find_external(std::uint32_t external_id) const;
  /// Internal ids of every taxon with this exact name (one name may sit at several places).
  [[nodiscard]] std::vector<std::uint32_t> find_by_name(std::string_view name) const;
  /// Lineage from the domain down to `taxon`, as SINTAX writes it: d:Bacteria,p:...,g:Bacillus.
  [[nodiscard]] std::string lineage_string(std::uint32_t taxon) const;

 private:
  /// Everything after the header: the section table, the taxonomy, the index
  /// and the tables derived from them, each checked for structure. Throws InputError.
  void check_sections();
  struct SlotTally {
    std::size_t used_slots = 0;
    std::uint32_t largest_inline_taxon = 0;
    bool offsets_valid = true;
  };
  /// One pass over the minimizer table: its used slots, and whether each points at a
  /// posting list start (`list_starts`, a bit per posting) or holds a posting inline.
  [[nodiscard]] SlotTally tally_slots(const std::vector<std::uint64_t>& list_starts) const;
  /// Throws InputError naming the file.
  [[noreturn]] void fail(const std::string& what) const;
  template <typename T>
  std::span<const T> section(format::SectionId id, std::size_t expected_count) const;

  std::string path_;
  MappedFile file_;
  format::FileHeader header_{};
  std::vector<format::SectionEntry> sections_;
  kernels::MinimizerParams minimizers_;
  kernels::MinimizerIndexView index_;
  kernels::TaxonomyView taxonomy_;
  std::span<const std::uint32_t> external_ids_;
  std::span<const std::uint32_t> name_offsets_;
  std::string_view names_;
  std::span<const std::uint32_t> reference_counts_;
  std::span<const float> copy_numbers_;
  std::string_view build_info_;
  std::unordered_map<std::uint32_t, std::uint32_t> internal_of_external_;
  std::vector<std::uint32_t> rank_ancestors_;    // derived at load, see TaxonomyView
  std::vector<std::uint32_t> clade_references_;
  kernels::PreorderIntervals preorder_intervals_;
  std::optional<kernels::GenusWordModel> genus_words_;
};

}  // namespace neurotax::db
