#include "neurotax/pipeline/taxon_counts.hpp"

#include <zlib.h>

#include <charconv>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <string_view>

#include "neurotax/common/errors.hpp"

namespace neurotax::pipeline {

void TaxonCounts::add_read(std::uint32_t call, std::span<const std::uint32_t> hit_taxa,
                           const kernels::TaxonomyView& taxonomy, const kernels::ReadCall* lineage) {
  if (call == kernels::kNoTaxon) {
    ++unclassified;
    return;
  }
  ++direct[call];
  std::vector<Candidate>& candidates = candidates_scratch_;
  for (const EstimationLevel level : {EstimationLevel::kGenus, EstimationLevel::kSpecies}) {
    const std::size_t rank_index = rank_index_of(level);
    if (taxonomy.ancestor_at_index(call, rank_index) != kernels::kNoTaxon) continue;  // at or below the level
    if (lineage != nullptr)
      classifier_candidates(lineage->lineage[rank_index], candidates);
    else
      level_candidates(call, hit_taxa, rank_index, taxonomy, candidates);
    (level == EstimationLevel::kGenus ? above_genus : above_species).add(call, candidates);
  }
}

void TaxonCounts::add(const TaxonCounts& other) {
  if (direct.size() < other.direct.size()) direct.resize(other.direct.size(), 0);
  for (std::size_t t = 0; t < other.direct.size(); ++t) direct[t] += other.direct[t];
  unclassified += other.unclassified;
  above_genus.merge(other.above_genus);
  above_species.merge(other.above_species);
}

std::uint64_t TaxonCounts::classified() const { return std::accumulate(direct.begin(), direct.end(), std::uint64_t{0}); }

std::vector<std::uint64_t> TaxonCounts::clade_counts(const kernels::TaxonomyView& taxonomy) const {
  std::vector<std::uint64_t> clade(direct);
  // Parents have smaller ids than children, so one descending pass suffices.
  for (std::size_t t = clade.size(); t-- > 1;) clade[taxonomy.parents[t]] += clade[t];
  return clade;
}

namespace {

/// Taxid from column 3: "562" or, with --use-names, "Escherichia coli (taxid 562)".
bool parse_taxid(std::string_view field, std::uint32_t& taxid) {
  const auto marker = field.rfind("(taxid ");
  if (marker != std::string_view::npos) {
    field.remove_prefix(marker + 7);
    if (field.empty() || field.back() != ')') return false;
    field.remove_suffix(1);
  }
  const auto result = std::from_chars(field.data(), field.data() + field.size(), taxid);
  return result.ec == std::errc{} && result.ptr == field.data() + field.size();
}

}  // namespace

TaxonCounts count_per_read_file(const std::string& path, const db::Database& database) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw InputError(path + ": cannot open: " + std::strerror(errno));
  TaxonCounts counts(database.taxon_count());
  std::string line;
  std::vector<char> buffer(1 << 16);
  std::uint64_t line_number = 0;
  std::vector<std::uint32_t> hit_taxa;
  const auto fail = [&](const std::string& what) {
    gzclose(file);
    throw InputError(path + ": line " + std::to_string(line_number) + ": " + what);
  };
  while (true) {
    line.clear();
    bool got_any = false;
    while (gzgets(file, buffer.data(), static_cast<int>(buffer.size())) != nullptr) {
      got_any = true;
      line += buffer.data();
      if (!line.empty() && line.back() == '\n') break;
    }
    int zerror = Z_OK;
    gzerror(file, &zerror);
    if (zerror != Z_OK && zerror != Z_STREAM_END) fail("truncated or corrupt gzip data");
    if (!got_any) break;
    ++line_number;
    if (line.back() == '\n') line.pop_back();
    std::string_view view(line);
    std::string_view fields[4];
    for (auto& field : fields) {
      const auto tab = view.find('\t');
      if (tab == std::string_view::npos) fail("expected 5 tab-separated fields (Kraken per-read format)");
      field = view.substr(0, tab);
      view.remove_prefix(tab + 1);
    }
    // The hit list "562:13 0:4 A:2 |:| ...": its taxa say which taxa below
    // the call the read's evidence points to, for re-estimation.
    hit_taxa.clear();
    for (std::size_t start = 0; start < view.size();) {
      std::size_t end = view.find(' ', start);
      if (end == std::string_view::npos) end = view.size();
      const std::string_view token = view.substr(start, end - start);
      start = end + 1;
      const auto colon = token.find(':');
      std::uint32_t hit = 0;
      if (colon == std::string_view::npos || colon == 0) continue;
      if (std::from_chars(token.data(), token.data() + colon, hit).ec != std::errc{} || hit == 0) continue;
      if (const auto internal = database.find_external(hit)) hit_taxa.push_back(*internal);
    }
    std::uint32_t taxid = 0;
    if (!parse_taxid(fields[2], taxid)) fail("bad taxid '" + std::string(fields[2]) + "'");
    if (fields[0] == "U") {
      counts.add_read(kernels::kNoTaxon, hit_taxa, database.taxonomy());
    } else if (fields[0] == "C") {
      const auto internal = database.find_external(taxid);
      if (!internal)
        fail("taxid " + std::to_string(taxid) + " is not in database " + database.path() +
             " (was the file made with another database?)");
      counts.add_read(*internal, hit_taxa, database.taxonomy());
    } else {
      fail("first field must be C or U, got '" + std::string(fields[0]) + "'");
    }
  }
  gzclose(file);
  return counts;
}

}  // namespace neurotax::pipeline
