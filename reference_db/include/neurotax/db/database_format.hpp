#pragma once
#include <array>
#include <span>
#include <cstdint>

// Byte layout of a neurotax database file (all integers little-endian; the
// full specification is in reference_db/README.md):
//   FileHeader (128 bytes) | SectionEntry[section_count] | sections, each 64-byte aligned.
// The checksum is XXH3-64 over the whole file with the checksum field zeroed,
// so header, table and body are covered by one number checked at every load.
namespace neurotax::db::format {

inline constexpr std::array<char, 8> kMagic = {'N', 'T', 'A', 'X', 'D', 'B', '\r', '\n'};
/// Bumped whenever the layout or the meaning of a section changes.
inline constexpr std::uint32_t kFormatVersion = 10;
inline constexpr std::uint64_t kSectionAlignment = 64;

enum class SectionId : std::uint32_t {
  kBuildInfo = 1,         ///< JSON: builder version, parameters, sources and their checksums
  kTaxonParents = 2,      ///< u32 per taxon
  kTaxonRanks = 3,        ///< u8 per taxon (kernels::Rank)
  kTaxonDepths = 4,       ///< u16 per taxon
  kTaxonExternalIds = 5,  ///< u32 per taxon: the taxid written in outputs
  kTaxonNameOffsets = 6,  ///< u32 per taxon + 1, into kTaxonNames
  kTaxonNames = 7,        ///< concatenated UTF-8 names
  kTaxonReferenceCounts = 8,  ///< u32 per taxon: reference sequences labelled exactly with it
  kPostings = 12,         ///< u32 words: posting lists (kernels::posting_list), one after another
  kTaxonCopyNumbers = 14, ///< f32 per taxon: mean 16S copies per genome (rrnDB), 0 = unknown
  kSlots = 15,            ///< kernels::IndexSlot (u32 fingerprint, u32 postings) per table slot
  kFingerprintFilter = 16,  ///< u64 words: the slots' fingerprints in a blocked Bloom filter
  kGenusWordGenera = 17,    ///< u32 per genus word profile: its genus (kernels::GenusWordsView)
  kGenusWordPresence = 18,  ///< u64 words, 64 per profile: the sampled canonical 7-mers its references hold
  kGenusWordShares = 19,    ///< u8 per held word: share of the genus's references holding it, in 1/255
  kGenusWordReferences = 20,  ///< u32 per sampled canonical 7-mer: references holding it
  kGenusReferenceRows = 21,   ///< u32 per genus word profile + 1: its references' first row in kGenusReferenceNearWords
  kGenusReferenceNearWords = 22,  ///< u64 words, 32 per reference of a genus: the near words it holds
                                  ///< (outside the file checksum: each genus's rows are checked on first use)
  kGenusReferenceNearWordChecksums = 23,  ///< u64 per genus word profile: XXH3-64 of its references' near-word rows
};

/// Short name of a section, for inspect-db.
[[nodiscard]] constexpr const char* section_name(std::uint32_t id) noexcept {
  switch (static_cast<SectionId>(id)) {
    case SectionId::kBuildInfo: return "build_info";
    case SectionId::kTaxonParents: return "taxon_parents";
    case SectionId::kTaxonRanks: return "taxon_ranks";
    case SectionId::kTaxonDepths: return "taxon_depths";
    case SectionId::kTaxonExternalIds: return "taxon_taxids";
    case SectionId::kTaxonNameOffsets: return "taxon_name_offsets";
    case SectionId::kTaxonNames: return "taxon_names";
    case SectionId::kTaxonReferenceCounts: return "taxon_reference_counts";
    case SectionId::kPostings: return "postings";
    case SectionId::kTaxonCopyNumbers: return "taxon_copy_numbers";
    case SectionId::kSlots: return "minimizer_table";
    case SectionId::kFingerprintFilter: return "fingerprint_filter";
    case SectionId::kGenusWordGenera: return "genus_word_genera";
    case SectionId::kGenusWordPresence: return "genus_word_presence";
    case SectionId::kGenusWordShares: return "genus_word_shares";
    case SectionId::kGenusWordReferences: return "genus_word_references";
    case SectionId::kGenusReferenceRows: return "genus_reference_rows";
    case SectionId::kGenusReferenceNearWords: return "genus_reference_near_words";
    case SectionId::kGenusReferenceNearWordChecksums: return "genus_reference_near_word_checksums";
  }
  return "unknown";
}

#pragma pack(push, 1)
struct FileHeader {
  std::array<char, 8> magic;
  std::uint32_t format_version;
  std::uint32_t section_count;
  std::uint64_t file_size;
  std::uint64_t checksum;
  std::uint32_t kmer_length;
  std::uint32_t minimizer_length;
  std::uint64_t toggle_mask;
  std::uint64_t slot_count;
  std::uint64_t taxon_count;
  std::uint64_t reference_count;
  std::uint64_t key_count;
  std::uint64_t posting_words;
  std::uint64_t source_checksum;
  std::uint32_t max_postings;
  std::array<std::uint8_t, 28> reserved;
};
struct SectionEntry {
  std::uint32_t id;
  std::uint32_t reserved;
  std::uint64_t offset;
  std::uint64_t size;
};
#pragma pack(pop)
static_assert(sizeof(FileHeader) == 128);
static_assert(sizeof(SectionEntry) == 24);
inline constexpr std::size_t kChecksumOffset = 24;  // offsetof(FileHeader, checksum)

/// The file's checksum: XXH3-64 of its bytes with the checksum field read as
/// zero, leaving out the references' near words (SectionId::kGenusReferenceNearWords,
/// found through the section table, which the checksum covers), which the
/// classifier checks genus by genus on first use, so that a load need not
/// read them. `file` holds at least the header.
[[nodiscard]] std::uint64_t file_checksum(std::span<const std::byte> file);

}  // namespace neurotax::db::format
