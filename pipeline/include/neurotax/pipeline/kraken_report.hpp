#pragma once
#include <string>

#include "neurotax/pipeline/taxon_counts.hpp"

namespace neurotax::pipeline {

/// The Kraken report ("kreport") as `kraken2 --report` writes it: six tab-separated
/// columns (percent as %6.2f, clade count, direct count, rank code, taxid, name
/// indented two spaces per depth), the unclassified line first, then the tree
/// depth-first with children by descending clade count (ties by taxid), zero
/// clades omitted unless `report_zero_counts`. Pavian, Bracken and KrakenTools
/// read it unchanged.
[[nodiscard]] std::string format_kraken_report(const TaxonCounts& counts, const db::Database& database,
                                               bool report_zero_counts = false);

/// Kraken 2's rank code of each taxon: D, K, P, C, O, F, G, S for ranked
/// taxa, R for the root, and the nearest ranked ancestor's code plus the
/// distance for unranked ones (R1, G1, ...).
[[nodiscard]] std::vector<std::string> kraken_rank_codes(const kernels::TaxonomyView& taxonomy);

}  // namespace neurotax::pipeline
