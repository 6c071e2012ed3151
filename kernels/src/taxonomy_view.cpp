#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::kernels {

std::string_view rank_name(Rank rank) noexcept {
  switch (rank) {
    case Rank::kRoot: return "root";
    case Rank::kDomain: return "domain";
    case Rank::kKingdom: return "kingdom";
    case Rank::kPhylum: return "phylum";
    case Rank::kClass: return "class";
    case Rank::kOrder: return "order";
    case Rank::kFamily: return "family";
    case Rank::kGenus: return "genus";
    case Rank::kSpecies: return "species";
    case Rank::kNoRank: return "no rank";
  }
  return "no rank";
}

char rank_letter(Rank rank) noexcept {
  switch (rank) {
    case Rank::kRoot: return 'r';
    case Rank::kDomain: return 'd';
    case Rank::kKingdom: return 'k';
    case Rank::kPhylum: return 'p';
    case Rank::kClass: return 'c';
    case Rank::kOrder: return 'o';
    case Rank::kFamily: return 'f';
    case Rank::kGenus: return 'g';
    case Rank::kSpecies: return 's';
    case Rank::kNoRank: return 'x';
  }
  return 'x';
}

}  // namespace neurotax::kernels
