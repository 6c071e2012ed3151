#pragma once
// Internal to the database builder: from labelled sequences to the genus word model.
#include <cstdint>
#include <string>
#include <vector>

#include "neurotax/db/taxonomy.hpp"

namespace neurotax::db {

/// The sections of kernels::GenusWordsView, as the builder writes them.
struct BuiltGenusWords {
  std::vector<std::uint32_t> genera;
  std::vector<std::uint64_t> presence;
  std::vector<std::uint8_t> shares;
  std::vector<std::uint32_t> word_references;
  std::vector<std::uint32_t> reference_rows;
  std::vector<std::uint64_t> reference_near_words;
  std::vector<std::uint64_t> reference_near_word_checksums;
};

/// Per genus with references (its own or its species'), which canonical
/// 7-mers its references hold and the share of them holding each, and each
/// of its references' near words; and per word, how many references of any
/// taxon hold it. Genera in parallel.
BuiltGenusWords build_genus_words(const std::vector<std::string>& sequences,
                                  const std::vector<std::uint32_t>& taxon_of_sequence, const TaxonomyBuilder& taxonomy);

}  // namespace neurotax::db
