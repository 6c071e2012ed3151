#include "neurotax/db/database_builder.hpp"

#include <xxhash.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <nlohmann/json.hpp>

#include "neurotax/common/atomic_output.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/common/interruption.hpp"
#include "neurotax/common/text.hpp"
#include "neurotax/common/progress.hpp"
#include "neurotax/db/database_format.hpp"
#include "genus_word_builder.hpp"
#include "index_builder.hpp"
#include "neurotax/kernels/minimizer_index.hpp"

namespace neurotax::db {
namespace {

struct References {
  TaxonomyBuilder taxonomy;
  std::vector<std::uint32_t> taxon_of_reference;
  std::vector<std::string> sequences;
  std::vector<std::string> ids;
  std::uint64_t identical_merged = 0;
  std::map<std::string, std::uint64_t> dropped;
  ReferenceFormat format = ReferenceFormat::kAuto;
};

/// Removes placeholder items (uncultured, Incertae Sedis, ...) from lineages
/// that do not come from a curated taxonomy with taxids.
void drop_placeholders(Lineage& lineage) {
  std::erase_if(lineage, [](const LineageEntry& entry) { return entry.taxid == 0 && is_placeholder_name(entry.name); });
  for (LineageEntry& entry : lineage) entry.name = std::string(clean_name(entry.name));
}

References read_references(const ReferenceInputs& inputs, const BuildOptions& options) {
  References references;
  ProgressMeter progress("reading references", "sequences", 0, options.quiet);
  ReferenceSource source(inputs);
  ReferenceRecord record;
  // Identical sequences of one taxon add nothing but weight: keep one. The same
  // id with two lineages is a broken reference, not something to guess about.
  std::unordered_map<std::string, std::pair<std::uint32_t, std::string>> first_seen;
  std::unordered_set<std::uint64_t> sequence_keys;
  std::uint64_t read = 0;
  while (source.next(record)) {
    throw_if_stop_requested();
    ++read;
    drop_placeholders(record.lineage);
    if (record.lineage.empty()) {
      ++references.dropped["only placeholder names in the lineage"];
      continue;
    }
    std::uint32_t taxon = 0;
    try {
      taxon = references.taxonomy.add_lineage(record.lineage);
    } catch (const std::exception& error) {
      throw InputError(source.where() + " (" + record.id + "): " + error.what());
    }
    const auto [seen, inserted] = first_seen.try_emplace(record.id, taxon, source.where());
    if (!inserted && seen->second.first != taxon)
      throw InputError(source.where() + ": id '" + record.id + "' was already used with another lineage (" +
                       seen->second.second + ")");
    for (char& base : record.sequence) base = static_cast<char>(std::toupper(static_cast<unsigned char>(base)));
    const std::uint64_t key = XXH3_64bits_withSeed(record.sequence.data(), record.sequence.size(), taxon);
    if (!sequence_keys.insert(key).second) {
      ++references.identical_merged;
      continue;
    }
    references.taxon_of_reference.push_back(taxon);
    references.sequences.push_back(std::move(record.sequence));
    if (!options.write_reference.empty()) references.ids.push_back(record.id);
    progress.update(read, 0);
  }
  progress.finish(read);
  references.dropped.merge(std::map<std::string, std::uint64_t>(source.dropped()));
  references.format = source.format();
  if (references.sequences.empty()) throw InputError("no usable reference sequences in " + inputs.fasta.front());
  return references;
}

/// Per-genus mean 16S copies from an rrnDB table (rank, name, childcount, ..., mean, stddev).
std::vector<float> read_copy_numbers(const std::string& path, const TaxonomyBuilder& taxonomy) {
  std::vector<float> copies(taxonomy.size(), 0.0F);
  if (path.empty()) return copies;
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open copy-number table");
  std::unordered_map<std::string, float> mean_of_genus;
  std::string line;
  std::size_t number = 0;
  int mean_column = -1;
  while (std::getline(in, line)) {
    ++number;
    const std::vector<std::string> fields = split_field_strings(line, '\t');
    if (number == 1) {
      const auto mean = std::find(fields.begin(), fields.end(), "mean");
      if (fields.empty() || fields[0] != "rank" || mean == fields.end())
        throw InputError(path + ": line 1: expected an rrnDB header (rank, name, ..., mean, ...)");
      mean_column = static_cast<int>(mean - fields.begin());
      continue;
    }
    if (fields.size() <= static_cast<std::size_t>(mean_column) || fields[0] != "genus") continue;
    try {
      mean_of_genus[std::string(clean_name(fields[1]))] = std::stof(fields[static_cast<std::size_t>(mean_column)]);
    } catch (const std::exception&) {
      throw InputError(path + ": line " + std::to_string(number) + ": bad mean copy number '" +
                       fields[static_cast<std::size_t>(mean_column)] + "'");
    }
  }
  for (std::size_t t = 0; t < taxonomy.size(); ++t) {
    if (taxonomy.ranks()[t] != Rank::kGenus) continue;
    const auto found = mean_of_genus.find(taxonomy.names()[t]);
    if (found != mean_of_genus.end()) copies[t] = found->second;
  }
  return copies;
}

/// XXH3 of a file's bytes, so a database records exactly which inputs made it.
std::uint64_t file_checksum(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open");
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    XXH3_64bits_update(state, buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  const std::uint64_t digest = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return digest;
}

/// Accumulates sections and lays them out behind the header and section table.
class FileAssembler {
 public:
  template <typename T>
  void add(format::SectionId id, const std::vector<T>& items) {
    add_bytes(id, items.data(), items.size() * sizeof(T));
  }
  void add_bytes(format::SectionId id, const void* data, std::size_t size) {
    sections_.push_back({id, data, size});
  }

  std::vector<std::byte> assemble(format::FileHeader header) const {
    const std::uint64_t table_end = sizeof(format::FileHeader) + sections_.size() * sizeof(format::SectionEntry);
    std::vector<format::SectionEntry> table;
    std::uint64_t offset = align(table_end);
    for (const auto& section : sections_) {
      table.push_back({static_cast<std::uint32_t>(section.id), 0, offset, section.size});
      offset = align(offset + section.size);
    }
    std::vector<std::byte> file(offset, std::byte{0});
    header.section_count = static_cast<std::uint32_t>(sections_.size());
    header.file_size = offset;
    header.checksum = 0;
    std::memcpy(file.data(), &header, sizeof header);
    std::memcpy(file.data() + sizeof header, table.data(), table.size() * sizeof(format::SectionEntry));
    for (std::size_t s = 0; s < sections_.size(); ++s)
      if (sections_[s].size > 0) std::memcpy(file.data() + table[s].offset, sections_[s].data, sections_[s].size);
    const std::uint64_t checksum = format::file_checksum(file);
    std::memcpy(file.data() + format::kChecksumOffset, &checksum, sizeof checksum);
    return file;
  }

 private:
  static std::uint64_t align(std::uint64_t offset) {
    return (offset + format::kSectionAlignment - 1) / format::kSectionAlignment * format::kSectionAlignment;
  }
  struct Section {
    format::SectionId id;
    const void* data;
    std::size_t size;
  };
  std::vector<Section> sections_;
};

/// `>id|kraken:taxid|N;tax=d:...,g:...;` records of every reference kept.
void write_labelled_reference(const std::string& path, const References& references,
                              const std::vector<std::uint32_t>& external_ids) {
  const TaxonomyBuilder& taxonomy = references.taxonomy;
  AtomicOutputFile out(path);
  std::string record;
  for (std::size_t i = 0; i < references.sequences.size(); ++i) {
    const std::uint32_t taxon = references.taxon_of_reference[i];
    std::vector<std::uint32_t> path_to_root;
    for (std::uint32_t t = taxon; t != 0; t = taxonomy.parents()[t]) path_to_root.push_back(t);
    record = ">" + references.ids[i] + "|kraken:taxid|" + std::to_string(external_ids[taxon]) + ";tax=";
    bool first = true;
    for (auto it = path_to_root.rbegin(); it != path_to_root.rend(); ++it) {
      if (taxonomy.ranks()[*it] == Rank::kNoRank) continue;  // SINTAX has no unranked levels
      record += first ? "" : ",";
      record += kernels::rank_letter(taxonomy.ranks()[*it]);
      record += ':';
      record += taxonomy.names()[*it];
      first = false;
    }
    record += ";\n" + references.sequences[i] + "\n";
    out.write(record);
  }
  out.commit();
}

}  // namespace

void validate(const BuildOptions& options) {
  kernels::validate(options.minimizers);
  if (options.max_postings < 1 || options.max_postings > kernels::posting_list::kMaxEntries)
    throw std::invalid_argument("the posting-list limit must be between 1 and " +
                                std::to_string(kernels::posting_list::kMaxEntries) + ", got " +
                                std::to_string(options.max_postings));
}

BuildSummary build_database(const ReferenceInputs& inputs, const BuildOptions& options,
                            const std::string& output_path) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string>& reference_paths = inputs.fasta;
  if (reference_paths.empty()) throw UsageError("build-db needs at least one reference file");
  validate(options);

  nlohmann::json sources = nlohmann::json::array();
  std::uint64_t source_checksum = 0;
  for (const std::string& path : reference_paths) {
    const std::uint64_t checksum = file_checksum(path);
    source_checksum = XXH3_64bits_withSeed(&checksum, sizeof checksum, source_checksum);
    sources.push_back({{"file", std::filesystem::path(path).filename().string()},
                       {"bytes", std::filesystem::file_size(path)},
                       {"xxh3", hex64(checksum)}});
  }

  std::vector<std::string> side_files;
  if (!inputs.taxonomy.empty() && !std::filesystem::is_directory(inputs.taxonomy)) side_files.push_back(inputs.taxonomy);
  if (!inputs.seqid_map.empty()) side_files.push_back(inputs.seqid_map);
  if (!options.copy_numbers.empty()) side_files.push_back(options.copy_numbers);
  for (const std::string& path : side_files) {
    const std::uint64_t checksum = file_checksum(path);
    source_checksum = XXH3_64bits_withSeed(&checksum, sizeof checksum, source_checksum);
    sources.push_back({{"file", std::filesystem::path(path).filename().string()},
                       {"bytes", std::filesystem::file_size(path)},
                       {"xxh3", hex64(checksum)}});
  }

  References references = read_references(inputs, options);
  if (!options.quiet) std::fprintf(stderr, "indexing minimizers of %zu references\n", references.sequences.size());
  const BuiltIndex index = build_index(references.sequences, references.taxon_of_reference, references.taxonomy,
                                       options.minimizers, options.max_postings);
  const BuiltGenusWords genus_words =
      build_genus_words(references.sequences, references.taxon_of_reference, references.taxonomy);

  const TaxonomyBuilder& taxonomy = references.taxonomy;
  const std::size_t taxa = taxonomy.size();
  const std::vector<std::uint32_t> external_ids = taxonomy.external_ids();
  const std::vector<float> copy_numbers = read_copy_numbers(options.copy_numbers, taxonomy);
  if (!options.write_reference.empty())
    write_labelled_reference(options.write_reference, references, external_ids);
  std::vector<std::uint32_t> name_offsets{0};
  std::string names;
  for (const std::string& name : taxonomy.names()) {
    names += name;
    name_offsets.push_back(static_cast<std::uint32_t>(names.size()));
  }
  std::vector<std::uint32_t> reference_counts(taxa, 0);
  for (const std::uint32_t taxon : references.taxon_of_reference) ++reference_counts[taxon];

  const nlohmann::json build_info = {
      {"builder", "neurotax " NEUROTAX_VERSION},
      {"format_version", format::kFormatVersion},
      {"kmer_length", options.minimizers.kmer_length},
      {"minimizer_length", options.minimizers.minimizer_length},
      {"max_postings", options.max_postings},
      {"collapsed_minimizers", index.collapsed_keys},
      {"genus_word_profiles", genus_words.genera.size()},
      {"reference_format", format_name(references.format)},
      {"sources", sources},
      {"references", references.sequences.size()},
      {"identical_sequences_merged", references.identical_merged},
      {"dropped", references.dropped},
  };
  const std::string build_info_text = build_info.dump(2);

  FileAssembler assembler;
  assembler.add_bytes(format::SectionId::kBuildInfo, build_info_text.data(), build_info_text.size());
  assembler.add(format::SectionId::kTaxonParents, taxonomy.parents());
  assembler.add(format::SectionId::kTaxonRanks, taxonomy.ranks());
  assembler.add(format::SectionId::kTaxonDepths, taxonomy.depths());
  assembler.add(format::SectionId::kTaxonExternalIds, external_ids);
  assembler.add(format::SectionId::kTaxonNameOffsets, name_offsets);
  assembler.add_bytes(format::SectionId::kTaxonNames, names.data(), names.size());
  assembler.add(format::SectionId::kTaxonReferenceCounts, reference_counts);
  assembler.add(format::SectionId::kTaxonCopyNumbers, copy_numbers);
  // In the order the load checks them (posting lists, then the slots that
  // point into them), so that from a cold cache the checks follow the
  // checksum's read-ahead instead of opening a second stream.
  assembler.add(format::SectionId::kPostings, index.posting_words);
  assembler.add(format::SectionId::kSlots, index.slots);
  assembler.add(format::SectionId::kFingerprintFilter, index.fingerprint_filter);
  assembler.add(format::SectionId::kGenusWordGenera, genus_words.genera);
  assembler.add(format::SectionId::kGenusWordPresence, genus_words.presence);
  assembler.add(format::SectionId::kGenusWordShares, genus_words.shares);
  assembler.add(format::SectionId::kGenusWordReferences, genus_words.word_references);
  assembler.add(format::SectionId::kGenusReferenceRows, genus_words.reference_rows);
  assembler.add(format::SectionId::kGenusReferenceNearWordChecksums, genus_words.reference_near_word_checksums);
  assembler.add(format::SectionId::kGenusReferenceNearWords, genus_words.reference_near_words);

  format::FileHeader header{};
  header.magic = format::kMagic;
  header.format_version = format::kFormatVersion;
  header.kmer_length = options.minimizers.kmer_length;
  header.minimizer_length = options.minimizers.minimizer_length;
  header.toggle_mask = options.minimizers.toggle_mask;
  header.slot_count = index.slots.size();
  header.max_postings = options.max_postings;
  header.taxon_count = taxa;
  header.reference_count = references.sequences.size();
  header.key_count = index.key_count;
  header.posting_words = index.posting_words.size();
  header.source_checksum = source_checksum;
  const std::vector<std::byte> file = assembler.assemble(header);
  write_file_atomically(output_path, {reinterpret_cast<const char*>(file.data()), file.size()});

  BuildSummary summary;
  summary.references = references.sequences.size();
  summary.taxa = taxa;
  summary.keys = index.key_count;
  summary.postings = index.postings;
  summary.bytes = file.size();
  summary.identical_sequences_merged = references.identical_merged;
  summary.dropped = references.dropped;
  summary.format = references.format;
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace neurotax::db
