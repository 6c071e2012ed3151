#include "neurotax/db/database.hpp"

#include <algorithm>
#include <cstring>
#include <exception>

#include "handed_over_parallel.hpp"
#include "neurotax/common/errors.hpp"

namespace neurotax::db {
namespace {

constexpr const char* kRebuildAdvice = "; rebuild it with 'neurotax build-db'";

}  // namespace

Database::Database(const std::string& path) : path_(path), file_(path) {
  const std::span<const std::byte> bytes = file_.bytes();
  if (bytes.size() < sizeof(format::FileHeader)) fail("not a neurotax database (file too small)");
  std::memcpy(&header_, bytes.data(), sizeof header_);
  if (header_.magic != format::kMagic) fail("not a neurotax database (bad magic bytes)");
  if (header_.format_version != format::kFormatVersion)
    fail("database format version " + std::to_string(header_.format_version) + ", but this neurotax reads version " +
         std::to_string(format::kFormatVersion) + kRebuildAdvice);
  if (header_.file_size != bytes.size())
    fail("database is truncated or extended (" + std::to_string(bytes.size()) + " bytes, header says " +
         std::to_string(header_.file_size) + ")" + kRebuildAdvice + " or copy it again");

  // The checksum and the structural checks read the same mapping and share
  // nothing else, so with a second thread they run side by side (from a cold
  // cache, two regions of the file stream in at once). A corrupt file is
  // reported as such whatever the checks found, so their error waits for the
  // checksum's verdict.
  std::uint64_t checksum = 0;
  std::exception_ptr structure_error;
  run_side_by_side([&] { checksum = format::file_checksum(bytes); },
                   [&] {
                     try {
                       check_sections();
                     } catch (...) {
                       structure_error = std::current_exception();
                     }
                   });
  if (checksum != header_.checksum) fail("database checksum mismatch: the file is corrupt or was modified" + std::string(kRebuildAdvice));
  if (structure_error) std::rethrow_exception(structure_error);
  file_.expect_random_access();
}

void Database::check_sections() {
  const std::span<const std::byte> bytes = file_.bytes();
  const std::uint64_t table_end =
      sizeof(format::FileHeader) + std::uint64_t{header_.section_count} * sizeof(format::SectionEntry);
  if (header_.section_count == 0) fail("the database has no sections");
  if (table_end > bytes.size()) fail("section table runs past the end of the file");
  sections_.resize(header_.section_count);
  std::memcpy(sections_.data(), bytes.data() + sizeof(format::FileHeader), sections_.size() * sizeof(format::SectionEntry));
  for (const auto& entry : sections_)
    if (entry.offset > bytes.size() || entry.size > bytes.size() - entry.offset || entry.offset % alignof(std::uint64_t) != 0)
      fail("section " + std::to_string(entry.id) + " lies outside the file");

  minimizers_.kmer_length = header_.kmer_length;
  minimizers_.minimizer_length = header_.minimizer_length;
  minimizers_.toggle_mask = header_.toggle_mask;
  try {
    kernels::validate(minimizers_);
  } catch (const std::invalid_argument& error) {
    fail(std::string("bad minimizer parameters: ") + error.what());
  }
  if (header_.slot_count == 0 || header_.slot_count < header_.key_count || header_.slot_count > bytes.size())
    fail("bad minimizer table size");

  const std::size_t taxa = header_.taxon_count;
  const std::size_t keys = header_.key_count;
  taxonomy_.parents = section<std::uint32_t>(format::SectionId::kTaxonParents, taxa);
  taxonomy_.ranks = section<kernels::Rank>(format::SectionId::kTaxonRanks, taxa);
  taxonomy_.depths = section<std::uint16_t>(format::SectionId::kTaxonDepths, taxa);
  external_ids_ = section<std::uint32_t>(format::SectionId::kTaxonExternalIds, taxa);
  name_offsets_ = section<std::uint32_t>(format::SectionId::kTaxonNameOffsets, taxa + 1);
  const auto names = section<char>(format::SectionId::kTaxonNames, name_offsets_.empty() ? 0 : name_offsets_.back());
  names_ = std::string_view(names.data(), names.size());
  reference_counts_ = section<std::uint32_t>(format::SectionId::kTaxonReferenceCounts, taxa);
  copy_numbers_ = section<float>(format::SectionId::kTaxonCopyNumbers, taxa);
  const auto info = section<char>(format::SectionId::kBuildInfo, SIZE_MAX);
  build_info_ = std::string_view(info.data(), info.size());

  index_.slots = section<kernels::IndexSlot>(format::SectionId::kSlots, header_.slot_count);
  index_.postings = section<std::uint32_t>(format::SectionId::kPostings, header_.posting_words);

  // The checksum proves the file is the one written, but a writer of another
  // build could still be wrong: cheap structural checks keep lookups in bounds.
  if (taxa == 0 || taxonomy_.parents[0] != 0 || taxonomy_.depths[0] != 0) fail("taxonomy has no root");
  for (std::size_t t = 1; t < taxa; ++t) {
    if (taxonomy_.parents[t] >= t) fail("taxonomy is not ordered parent-first at taxon " + std::to_string(t));
    // Walks up the tree (common ancestors) trust depths to end at the root.
    if (taxonomy_.depths[t] != taxonomy_.depths[taxonomy_.parents[t]] + 1)
      fail("taxon " + std::to_string(t) + " has a depth that does not follow its parent's");
  }
  for (std::size_t t = 0; t < taxa; ++t)
    if (taxonomy_.ranks[t] > kernels::Rank::kNoRank) fail("taxon " + std::to_string(t) + " has an unknown rank");
  for (std::size_t t = 0; t < taxa; ++t)
    if (name_offsets_[t] > name_offsets_[t + 1]) fail("taxon name table is corrupt");
  // Keep every lookup inside the file: posting lists well formed, slots
  // pointing at list starts, taxa in range. Two sequential passes, so that a
  // cold load streams rather than faults at random.
  const auto words = index_.postings;
  std::vector<std::uint64_t> list_starts((words.size() + 63) / 64, 0);
  std::uint32_t largest_taxon = 0;
  for (std::size_t i = 0; i < words.size();) {
    const std::uint32_t header = words[i];
    const std::size_t body = kernels::posting_list::body_words(header);
    if (kernels::posting_list::entries(header) == 0 || body > words.size() - i - 1 ||
        kernels::posting_list::ancestor(header) >= taxa)
      fail("posting lists are corrupt");
    list_starts[i / 64] |= std::uint64_t{1} << (i % 64);
    for (std::size_t e = 0; e < kernels::posting_list::entries(header); ++e)
      largest_taxon = std::max(largest_taxon, kernels::posting_list::entry(header, words.data() + i + 1, e).taxon);
    i += 1 + body;
  }
  if (largest_taxon >= taxa) fail("posting lists name an unknown taxon");
  // The fingerprint filter is mapped as the builder wrote it: any bits keep
  // lookups in bounds, and the checksum vouches that they are the builder's.
  // (Building it here cost a third of a warm load.)
  index_.fingerprint_filter =
      section<std::uint64_t>(format::SectionId::kFingerprintFilter, kernels::fingerprint_filter_words(keys));
  const SlotTally tally = tally_slots(list_starts);
  if (tally.largest_inline_taxon >= taxa) fail("minimizer table names an unknown taxon");
  if (!tally.offsets_valid) fail("minimizer table points outside the posting lists");
  if (tally.used_slots != keys || tally.used_slots == index_.slots.size()) fail("minimizer table is corrupt");

  rank_ancestors_ = kernels::derive_rank_ancestors(taxonomy_.parents, taxonomy_.ranks);
  taxonomy_.rank_ancestors = rank_ancestors_;
  clade_references_.assign(reference_counts_.begin(), reference_counts_.end());
  for (std::size_t t = taxa; t-- > 1;) clade_references_[taxonomy_.parents[t]] += clade_references_[t];
  taxonomy_.clade_references = clade_references_;
  preorder_intervals_ = kernels::derive_preorder_intervals(taxonomy_.parents);
  taxonomy_.preorder = preorder_intervals_.preorder;
  taxonomy_.subtree_end = preorder_intervals_.subtree_end;
  kernels::GenusWordsView genus_words;
  genus_words.genera = section<std::uint32_t>(format::SectionId::kGenusWordGenera, SIZE_MAX);
  genus_words.presence = section<std::uint64_t>(format::SectionId::kGenusWordPresence,
                                                genus_words.genera.size() * kernels::genus_words::kPresenceWords);
  genus_words.shares = section<std::uint8_t>(format::SectionId::kGenusWordShares, SIZE_MAX);
  genus_words.word_references = section<std::uint32_t>(format::SectionId::kGenusWordReferences, kernels::genus_words::kWords);
  genus_words.references = header_.reference_count;
  genus_words.reference_rows = section<std::uint32_t>(format::SectionId::kGenusReferenceRows, genus_words.genera.size() + 1);
  genus_words.reference_near_words = section<std::uint64_t>(format::SectionId::kGenusReferenceNearWords, SIZE_MAX);
  genus_words.reference_near_word_checksums =
      section<std::uint64_t>(format::SectionId::kGenusReferenceNearWordChecksums, genus_words.genera.size());
  try {
    genus_words_.emplace(genus_words, taxonomy_, kernels::GenusWordModel::kMaxRows, path_);
  } catch (const std::invalid_argument& error) {
    fail(std::string("genus word model: ") + error.what());
  }
  internal_of_external_.reserve(taxa);
  for (std::size_t t = 0; t < taxa; ++t) internal_of_external_.emplace(external_ids_[t], static_cast<std::uint32_t>(t));
}

Database::SlotTally Database::tally_slots(const std::vector<std::uint64_t>& list_starts) const {
  // In chunks that idle threads take over: the load runs this beside the
  // checksum, whose thread joins in when the checksum is done.
  constexpr std::size_t kChunk = std::size_t{1} << 15;
  const auto slots = index_.slots;
  const std::size_t posting_words = index_.postings.size();
  std::vector<SlotTally> tallies((slots.size() + kChunk - 1) / kChunk);
  for_ranges_in_parallel(tallies.size(), [&](const tbb::blocked_range<std::size_t>& chunks) {
    for (std::size_t c = chunks.begin(); c != chunks.end(); ++c) {
      SlotTally& tally = tallies[c];
      for (const kernels::IndexSlot& slot : slots.subspan(c * kChunk, std::min(kChunk, slots.size() - c * kChunk))) {
        if (slot.fingerprint == 0) continue;
        ++tally.used_slots;
        if ((slot.postings & kernels::kInlinePosting) != 0)
          tally.largest_inline_taxon = std::max(tally.largest_inline_taxon, (slot.postings & ~kernels::kInlinePosting) >> 7);
        else
          tally.offsets_valid = tally.offsets_valid && slot.postings < posting_words &&
                                ((list_starts[slot.postings / 64] >> (slot.postings % 64)) & 1U) != 0;
      }
    }
  }, 1);
  SlotTally total;
  for (const SlotTally& tally : tallies) {
    total.used_slots += tally.used_slots;
    total.largest_inline_taxon = std::max(total.largest_inline_taxon, tally.largest_inline_taxon);
    total.offsets_valid = total.offsets_valid && tally.offsets_valid;
  }
  return total;
}

void Database::fail(const std::string& what) const { throw InputError(path_ + ": " + what); }

template <typename T>
std::span<const T> Database::section(format::SectionId id, std::size_t expected_count) const {
  for (const auto& entry : sections_) {
    if (entry.id != static_cast<std::uint32_t>(id)) continue;
    if (expected_count != SIZE_MAX && entry.size != expected_count * sizeof(T))
      fail("section " + std::to_string(entry.id) + " has " + std::to_string(entry.size) + " bytes, expected " +
           std::to_string(expected_count * sizeof(T)) + kRebuildAdvice);
    return {reinterpret_cast<const T*>(file_.bytes().data() + entry.offset), entry.size / sizeof(T)};
  }
  fail("section " + std::to_string(static_cast<std::uint32_t>(id)) + " is missing" + kRebuildAdvice);
}

std::string_view Database::name(std::uint32_t taxon) const noexcept {
  return names_.substr(name_offsets_[taxon], name_offsets_[taxon + 1] - name_offsets_[taxon]);
}

std::optional<std::uint32_t> Database::find_external(std::uint32_t external_id) const {
  const auto found = internal_of_external_.find(external_id);
  if (found == internal_of_external_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::uint32_t> Database::find_by_name(std::string_view name) const {
  std::vector<std::uint32_t> matches;
  for (std::uint32_t t = 0; t < taxon_count(); ++t)
    if (this->name(t) == name) matches.push_back(t);
  return matches;
}

std::string Database::lineage_string(std::uint32_t taxon) const {
  std::vector<std::uint32_t> path;
  for (std::uint32_t t = taxon; t != 0; t = taxonomy_.parents[t]) path.push_back(t);
  std::string lineage;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (!lineage.empty()) lineage += ',';
    lineage += kernels::rank_letter(taxonomy_.ranks[*it]);
    lineage += ':';
    lineage += name(*it);
  }
  return lineage;
}

}  // namespace neurotax::db
