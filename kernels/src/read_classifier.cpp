#include "neurotax/kernels/read_classifier.hpp"

#include "neurotax/kernels/word_weighing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace neurotax::kernels {

void validate(const ClassifierParams& params) {
  if (!(params.confidence >= 0.0 && params.confidence <= 1.0))
    throw std::invalid_argument("confidence must be between 0 and 1");
  if (params.bootstrap_sample == 0) throw std::invalid_argument("bootstrap sample must be at least 1");
}

ReadClassifier::ReadClassifier(const MinimizerIndexView& index, const TaxonomyView& taxonomy,
                               const MinimizerParams& minimizers, const ClassifierParams& params,
                               const GenusWordModel* genus_words)
    : index_(index),
      taxonomy_(taxonomy),
      params_(params),
      scanner_(minimizers),
      direct_(taxonomy.size(), 0),
      sequences_(taxonomy.size(), 0),
      cover_(taxonomy.size(), 0),
      memo_(params.call_memo_bytes),
      mate_memo_(params.mate_memo_bytes),
      kept_draws_(kKeptDrawHits * (kKeptDrawHits + 1) / 2, std::numeric_limits<double>::quiet_NaN()) {
  validate(params_);
  if (!params_.minimizers_only && genus_words != nullptr) genus_word_judge_.emplace(*genus_words);
  if (taxonomy_.rank_ancestors.size() != taxonomy_.size() * kCalledRanks.size() ||
      taxonomy_.clade_references.size() != taxonomy_.size() || taxonomy_.preorder.size() != taxonomy_.size() ||
      taxonomy_.subtree_end.size() != taxonomy_.size())
    throw std::invalid_argument("classification needs the taxonomy's rank ancestors, clade references and preorder intervals");
}

void ReadClassifier::prepare_lookup_memo(std::span<const std::string_view> mates) {
  std::size_t positions = 0;
  for (const std::string_view mate : mates) positions += mate.size();
  std::size_t wanted = 1024;
  while (wanted < 2 * positions) wanted *= 2;
  if (++stamp_ == 0 || looked_up_.size() < wanted) {
    looked_up_.assign(std::max(wanted, looked_up_.size()), LookedUp{0, nullptr, 0});
    stamp_ = 1;
  }
}

std::pair<std::uint32_t, bool> ReadClassifier::claim(std::uint64_t minimizer) {
  const std::size_t mask = looked_up_.size() - 1;
  for (std::size_t i = minimizer & mask;; i = (i + 1) & mask) {
    LookedUp& entry = looked_up_[i];
    if (entry.stamp != stamp_) {
      entry = {minimizer, nullptr, stamp_};
      return {static_cast<std::uint32_t>(i), true};
    }
    if (entry.minimizer == minimizer) return {static_cast<std::uint32_t>(i), false};
  }
}

void ReadClassifier::collect_hits(std::span<const std::string_view> mates, ReadEvidence& evidence) {
  evidence.clear();
  hits_.clear();
  prepare_lookup_memo(mates);
  // The mates' memo entries are fetched together, so that their cache misses overlap.
  std::array<MateKey, 2> keys{};
  const bool memo = mate_memo_.enabled() && mates.size() <= keys.size();
  if (memo)
    for (std::size_t m = 0; m < mates.size(); ++m) {
      keys[m] = mate_key(mates[m]);
      mate_memo_.prefetch(keys[m]);
    }
  for (std::size_t m = 0; m < mates.size(); ++m) {
    const std::span<const MateRun> remembered = memo ? mate_memo_.find(keys[m]) : std::span<const MateRun>{};
    if (!remembered.empty())
      replay_mate(remembered, evidence);
    else
      look_up_mate(mates[m], evidence, memo && mate_memo_.seen_before(keys[m]) ? &keys[m] : nullptr);
    evidence.end_mate();
  }
  // Distinct already (one lookup per distinct minimizer), and left in the
  // order the fragment meets them: the call ranks candidates by a total order
  // and the call memo's key ignores order, so nothing depends on it.
}

void ReadClassifier::look_up_mate(std::string_view mate, ReadEvidence& evidence, const MateKey* remember_as) {
  scanner_.scan_runs(mate, scanned_);
  // Neighbouring k-mers usually share their minimizer, and the mates of an
  // amplicon overlap: each distinct minimizer of the fragment is looked up
  // once. The accesses are issued in waves, so that cache misses overlap
  // instead of queueing one after another: every filter word of the new
  // minimizers, then the slots of those the filter lets through, then every
  // posting header the slots point to.
  run_entries_.clear();
  pending_.clear();
  for (const ScannedRun& run : scanned_) {
    const std::uint64_t minimizer = run.minimizer;
    std::uint32_t entry = kNoEntry;
    if (minimizer != kAmbiguousKmer) {
      bool fresh = false;
      std::tie(entry, fresh) = claim(minimizer);
      if (fresh) {
        pending_.push_back(entry);
        index_.prefetch_filter(minimizer);
      }
    }
    run_entries_.push_back(entry);
  }
  std::size_t kept = 0;
  for (const std::uint32_t pending : pending_) {
    const std::uint64_t minimizer = looked_up_[pending].minimizer;
    if (!index_.may_hold(minimizer)) continue;
    index_.prefetch(minimizer);
    pending_[kept++] = pending;
  }
  pending_.resize(kept);
  for (const std::uint32_t pending : pending_) {
    LookedUp& entry = looked_up_[pending];
    entry.slot = index_.find(entry.minimizer);
    if (entry.slot == nullptr) continue;
    index_.prefetch_postings(*entry.slot);
    hits_.push_back(entry.slot);
  }
  const bool remember = remember_as != nullptr && scanned_.size() <= MateMemo::kMaxRuns;
  mate_runs_.clear();
  for (std::size_t r = 0; r < scanned_.size(); ++r) {
    const ScannedRun& run = scanned_[r];
    const std::uint32_t entry = run_entries_[r];
    const IndexSlot* slot = entry == kNoEntry ? nullptr : looked_up_[entry].slot;
    const std::uint32_t taxon = entry == kNoEntry  ? ReadEvidence::kAmbiguous
                                : slot == nullptr ? ReadEvidence::kNotFound
                                                  : index_.lowest_common_ancestor(*slot);
    evidence.add(taxon, run.positions);
    if (remember)
      mate_runs_.push_back({run.minimizer,
                            slot == nullptr ? MateRun::kNotFound : static_cast<std::uint32_t>(slot - index_.slots.data()),
                            taxon, run.positions});
  }
  if (remember) mate_memo_.store(*remember_as, mate_runs_);
}

void ReadClassifier::replay_mate(std::span<const MateRun> runs, ReadEvidence& evidence) {
  for (const MateRun& run : runs) {
    if (run.minimizer != kAmbiguousKmer) {
      // As look_up_mate would: a minimizer new to the fragment is a hit if the index holds it.
      const auto [entry, fresh] = claim(run.minimizer);
      if (fresh && run.slot != MateRun::kNotFound) {
        looked_up_[entry].slot = &index_.slots[run.slot];
        hits_.push_back(looked_up_[entry].slot);
      }
    }
    evidence.add(run.taxon, run.length);
  }
}

void ReadClassifier::gather_postings() {
  hit_postings_.clear();
  hit_begin_.clear();
  for (const IndexSlot* slot : hits_) {
    hit_begin_.push_back(static_cast<std::uint32_t>(hit_postings_.size()));
    index_.append_postings(*slot, hit_postings_);
  }
  hit_begin_.push_back(static_cast<std::uint32_t>(hit_postings_.size()));
  // Each posting's hit: the hits begun at or before it, less one, counted
  // without a loop per hit (whose end, one posting or many, is hard to predict).
  posting_hits_.assign(hit_postings_.size() + 1, 0);
  for (std::size_t h = 1; h < hits_.size(); ++h) ++posting_hits_[hit_begin_[h]];
  std::uint32_t hit = 0;
  for (std::uint32_t& posting_hit : posting_hits_) posting_hit = hit += posting_hit;
  posting_hits_.pop_back();
}

namespace {
constexpr std::size_t kMaskedCandidates = 64;  // candidates whose support per hit is kept as one bit

/// The deepest rank down to which every confidence reaches `threshold` (the root if none).
std::uint32_t deepest_confident(const ReadCall& call, double threshold) {
  std::uint32_t taxon = 0;
  for (const RankCall& rank : call.lineage) {
    if (rank.taxon == kNoTaxon) continue;
    if (rank.confidence < threshold) break;
    taxon = rank.taxon;
  }
  return taxon;
}
}  // namespace

bool ReadClassifier::supports(std::uint32_t hit, std::uint32_t candidate) const {
  for (std::uint32_t e = hit_begin_[hit]; e < hit_begin_[hit + 1]; ++e)
    if (posting_supports(e, candidate)) return true;
  return false;
}

bool ReadClassifier::posting_supports(std::uint32_t posting, std::uint32_t candidate) const {
  std::uint32_t taxon = candidate;
  const std::uint32_t target = hit_postings_[posting].taxon;
  // Walk up from the candidate: postings at an ancestor stand for the whole clade.
  while (taxonomy_.depths[taxon] > taxonomy_.depths[target]) taxon = taxonomy_.parents[taxon];
  return taxon == target;
}

bool ReadClassifier::outranks(const Candidate& a, const Candidate& b) const {
  if (a.score != b.score) return a.score > b.score;
  if (a.agreement != b.agreement) return a.agreement > b.agreement;
  // Deeper taxa first: a clade never explains a read better than its best member.
  if (taxonomy_.depths[a.taxon] != taxonomy_.depths[b.taxon]) return taxonomy_.depths[a.taxon] > taxonomy_.depths[b.taxon];
  return a.taxon < b.taxon;
}

void ReadClassifier::score_candidates() {
  // Direct counts per posting taxon first (dense per-thread arrays, cleared
  // after use); a candidate then scores its own hits plus those held at its
  // ancestors (a posting at an ancestor stands for the whole clade). A hit
  // holding both a taxon and its ancestor, rare after collapsing, counts twice
  // for ranking; confidences use exact per-hit bits.
  // Each posting's taxon is written as a candidate and kept only when new,
  // without a branch: whether a taxon is new is a coin toss.
  candidates_.resize(hit_postings_.size());
  std::size_t touched = 0;
  for (const Posting& posting : hit_postings_) {
    candidates_[touched] = {posting.taxon, 0, 0.0F};
    touched += direct_[posting.taxon]++ == 0 ? 1 : 0;
    sequences_[posting.taxon] += posting.sequences;
  }
  candidates_.resize(touched);
  // A candidate's ancestors are a handful of parents away: walking up to the
  // root adds what they hold (a taxon no hit holds adds 0), with none of the
  // unpredictable branches of sorting the candidates into preorder.
  for (Candidate& candidate : candidates_) {
    std::uint32_t held = 0;
    taxonomy_.for_each_ancestor(candidate.taxon, [&](std::uint32_t ancestor) { held += direct_[ancestor]; });
    candidate.score = held;
    // The share of its reference sequences that typically hold the read's
    // minimizers: among equally good candidates, the one whose references
    // agree. A share, not a count, so that a genus is not preferred for being
    // sequenced often: on held-out reads counts made ties look like 0.9-0.95
    // confidences that were right only a fifth of the time.
    const auto clade_size = std::max<std::uint32_t>(1, taxonomy_.clade_references[candidate.taxon]);
    candidate.agreement = static_cast<float>(sequences_[candidate.taxon]) /
                          (static_cast<float>(direct_[candidate.taxon]) * static_cast<float>(clade_size));
  }
  const auto better = [this](const Candidate& a, const Candidate& b) { return outranks(a, b); };
  // Only the leaders need an order: rivals nearly always come from the top of
  // the list (call_lineage sorts the rest when they do not).
  const std::size_t masked = std::min(kMaskedCandidates, candidates_.size());
  tail_sorted_ = masked == candidates_.size();
  if (tail_sorted_)
    std::sort(candidates_.begin(), candidates_.end(), better);
  else
    std::partial_sort(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(masked), candidates_.end(),
                      better);

  // Which of the leading candidates each hit supports, one bit each: a
  // taxon's bits are those of the leading candidates in its clade, each
  // candidate's bit set on the way up from it to the root.
  for (std::size_t c = 0; c < masked; ++c)
    taxonomy_.for_each_ancestor(candidates_[c].taxon,
                                [&](std::uint32_t taxon) { cover_[taxon] |= std::uint64_t{1} << c; });
  hit_masks_.assign(hits_.size(), 0);
  posting_masks_.resize(hit_postings_.size());
  for (std::size_t e = 0; e < hit_postings_.size(); ++e)
    hit_masks_[posting_hits_[e]] |= posting_masks_[e] = cover_[hit_postings_[e].taxon];

  for (std::size_t c = 0; c < masked; ++c)
    taxonomy_.for_each_ancestor(candidates_[c].taxon, [&](std::uint32_t taxon) { cover_[taxon] = 0; });
  for (const Posting& posting : hit_postings_) direct_[posting.taxon] = sequences_[posting.taxon] = 0;
}

double ReadClassifier::tied_agreement(std::size_t leader, std::size_t rank_index) const {
  // Agreement of the candidates of the leader's clade that score as well as
  // the leader: it sets the share of bootstrap rounds a tie would give it.
  const std::uint32_t clade = taxonomy_.ancestor_at_index(candidates_[leader].taxon, rank_index);
  double weight = 0.0;
  const std::size_t masked = std::min(kMaskedCandidates, candidates_.size());
  for (std::size_t c = 0; c < masked && candidates_[c].score >= candidates_[leader].score; ++c) {
    // (Without a branch: whether a candidate is of the clade is a coin toss.)
    const bool of_clade =
        c == leader || (clade != kNoTaxon && taxonomy_.ancestor_at_index(candidates_[c].taxon, rank_index) == clade);
    weight += candidates_[c].agreement * static_cast<double>(of_clade);
  }
  // A rival beyond the leaders still counts itself.
  if (leader >= masked) weight += candidates_[leader].agreement;
  return weight;
}

double ReadClassifier::no_discriminating_draw(std::size_t discriminating, std::size_t hits) {
  // (1 - d/h)^s for the same few (d, h) pairs read after read: pow is costly,
  // so small ones are kept, exactly as computed.
  const auto compute = [&] {
    return std::pow(1.0 - static_cast<double>(discriminating) / static_cast<double>(hits),
                    static_cast<double>(params_.bootstrap_sample));
  };
  if (hits >= kKeptDrawHits) return compute();
  double& kept = kept_draws_[hits * (hits + 1) / 2 + discriminating];
  if (std::isnan(kept)) kept = compute();
  return kept;
}

void ReadClassifier::compute_shares() {
  // A candidate's share of a hit sums, over the postings that support it (at
  // it or an ancestor), the share of the posting clade's reference sequences
  // holding the hit: a posting merged upwards stands for its clade evenly.
  // The best candidate's shares serve every rival's duel. (Here and below the
  // postings are swept in one flat loop, each adding to its hit: a loop per
  // hit, of one posting or of many, mispredicted its end.)
  clade_shares_.resize(hit_postings_.size());
  best_shares_.assign(hits_.size(), 0.0F);
  for (std::size_t e = 0; e < hit_postings_.size(); ++e) {
    const Posting& posting = hit_postings_[e];
    const float share = static_cast<float>(posting.sequences) /
                        static_cast<float>(std::max<std::uint32_t>(1, taxonomy_.clade_references[posting.taxon]));
    clade_shares_[e] = share;
    best_shares_[posting_hits_[e]] += (posting_masks_[e] & 1U) != 0 ? share : 0.0F;
  }
  for (float& best_share : best_shares_) best_share = std::min(1.0F, best_share);
}

ReadClassifier::ShareDifferences ReadClassifier::share_differences(std::size_t rival) {
  rival_shares_.assign(hits_.size(), 0.0F);
  if (rival < kMaskedCandidates) {
    const std::uint64_t rival_bit = std::uint64_t{1} << rival;
    for (std::size_t e = 0; e < hit_postings_.size(); ++e)
      rival_shares_[posting_hits_[e]] += (posting_masks_[e] & rival_bit) != 0 ? clade_shares_[e] : 0.0F;
  } else {
    for (std::size_t e = 0; e < hit_postings_.size(); ++e)
      rival_shares_[posting_hits_[e]] +=
          posting_supports(static_cast<std::uint32_t>(e), candidates_[rival].taxon) ? clade_shares_[e] : 0.0F;
  }
  ShareDifferences differences;
  for (std::size_t h = 0; h < hits_.size(); ++h) {
    const double difference = best_shares_[h] - std::min(1.0F, rival_shares_[h]);
    differences.sum += difference;
    differences.sum_of_squares += difference * difference;
    differences.non_zero += difference != 0.0;
  }
  return differences;
}

ReadClassifier::Duel ReadClassifier::bootstrap_duel(double sum, double sum_of_squares, std::size_t discriminating) {
  // A bootstrap of s draws sums s per-hit differences: mean s*m, variance s*v,
  // so P(sum > 0) is about Phi(sqrt(s) m / sqrt(v)).
  const auto hits = static_cast<double>(hits_.size());
  const double draws = static_cast<double>(params_.bootstrap_sample);
  const double mean = sum / hits;
  const double variance = sum_of_squares / hits - mean * mean;
  Duel duel;
  duel.decided = variance <= 1e-12 ? (mean > 0 ? 1.0 : mean < 0 ? 0.0 : 0.5)
                                   : normal_cdf_(std::sqrt(draws) * mean / std::sqrt(variance));
  duel.no_discriminating_draw = no_discriminating_draw(discriminating, hits_.size());
  return duel;
}

ReadClassifier::Duel ReadClassifier::duel_with(std::size_t rival, bool with_shares) {
  with_shares = with_shares && rival != kNoRival;
  // Ranks often share their rivals: each duel is worked out once per read.
  const std::size_t key = rival == kNoRival ? kNoRival : rival * 2 + (with_shares ? 1 : 0);
  for (const auto& [known, duel] : duels_)
    if (known == key) return duel;
  // Held: per-hit differences [h supports the best] - [h supports rival].
  std::int64_t sum = 0, discriminating = 0;
  if (rival == kNoRival || rival < kMaskedCandidates) {
    const std::uint64_t rival_bit = rival == kNoRival ? 0 : std::uint64_t{1} << rival;
    for (const std::uint64_t mask : hit_masks_) {
      const int difference = static_cast<int>(mask & 1U) - ((mask & rival_bit) != 0);
      sum += difference;
      discriminating += difference != 0;
    }
  } else {
    for (std::uint32_t h = 0; h + 1 < hit_begin_.size(); ++h) {
      const int difference = supports(h, candidates_[0].taxon) - supports(h, candidates_[rival].taxon);
      sum += difference;
      discriminating += difference != 0;
    }
  }
  // Differences of 0 and 1 have a variance equal to their share of non-zeros.
  Duel duel = bootstrap_duel(static_cast<double>(sum), static_cast<double>(discriminating),
                             static_cast<std::size_t>(discriminating));
  if (with_shares) {
    // Shared: per-hit differences of the share of each candidate's reference
    // sequences that hold the hit, as RDP weighs words by their frequency in a
    // genus. A hit both hold still tells them apart when one's references
    // hold it throughout and the other's rarely; one that neither holds
    // evenly says little. Held and shared are averaged: shares alone favour
    // small clades, whose few references hold everything.
    if (best_shares_.empty()) compute_shares();
    const ShareDifferences differences = share_differences(rival);
    const Duel shared = bootstrap_duel(differences.sum, differences.sum_of_squares, differences.non_zero);
    duel.decided = (duel.decided + shared.decided) / 2;
    duel.no_discriminating_draw = (duel.no_discriminating_draw + shared.no_discriminating_draw) / 2;
  }
  duels_.emplace_back(key, duel);
  return duel;
}

double ReadClassifier::win_probability(std::size_t rival, std::size_t rank_index, double best_agreement) {
  // Rounds that draw no discriminating hit end in a tie, which goes the way of
  // the agreement: the rival clade's equally good candidates against the
  // best candidate's clade's.
  // Species of one genus rarely differ in which of their few references hold
  // a hit, and species rivals are the most numerous: shares are weighed down
  // to the genus.
  const Duel duel = duel_with(rival, kCalledRanks[rank_index] == Rank::kGenus);
  const double tie_share =
      rival == kNoRival ? 0.5 : best_agreement / (best_agreement + tied_agreement(rival, rank_index));
  return (1.0 - duel.no_discriminating_draw) * duel.decided + duel.no_discriminating_draw * tie_share;
}

void ReadClassifier::call_lineage(ReadCall& call) {
  score_candidates();
  call.taxon = 0;
  if (candidates_.empty()) return;
  const std::uint32_t best = candidates_.front().taxon;
  duels_.clear();
  best_shares_.clear();
  for (std::size_t r = 0; r < kCalledRanks.size(); ++r) {
    const std::uint32_t chosen = taxonomy_.ancestor_at_index(best, r);
    if (chosen == kNoTaxon) continue;
    // The strongest candidates outside the chosen clade, from two different clades.
    std::size_t rival1 = kNoRival, rival2 = kNoRival;
    std::uint32_t rival1_group = kNoTaxon;
    for (std::size_t c = 1; c < candidates_.size(); ++c) {
      if (c == kMaskedCandidates && !tail_sorted_) {
        // Every leader is in the chosen clade: the strongest rival is further
        // down, where score_candidates left no order. Duels so far name
        // leaders only, so their indices stay valid.
        std::sort(candidates_.begin() + kMaskedCandidates, candidates_.end(),
                  [this](const Candidate& a, const Candidate& b) { return outranks(a, b); });
        tail_sorted_ = true;
      }
      const std::uint32_t taxon = candidates_[c].taxon;
      const std::uint32_t group = taxonomy_.ancestor_at_index(taxon, r);
      if (group == chosen) continue;
      if (group == kNoTaxon && taxonomy_.lowest_common_ancestor(taxon, chosen) == taxon) continue;  // an ancestor
      if (rival1 == kNoRival) {
        rival1 = c;
        rival1_group = group;
      } else if (group != rival1_group || group == kNoTaxon) {
        rival2 = c;
        break;
      }
    }
    if (kCalledRanks[r] == Rank::kGenus && rival2 != kNoRival)
      call.second_rival_genus = taxonomy_.ancestor_at_index(candidates_[rival2].taxon, r);
    const double best_agreement = tied_agreement(0, r);
    const double beats_rival = win_probability(rival1, r, best_agreement);
    const double confidence = beats_rival * win_probability(rival2, r, best_agreement);
    call.lineage[r] = {chosen, static_cast<float>(confidence), rival1_group, static_cast<float>(beats_rival)};
  }
  call.taxon = deepest_confident(call, params_.confidence);
}

void ReadClassifier::classify(std::span<const std::string_view> mates, ReadCall& call, ReadEvidence& evidence,
                              std::span<const std::string_view> word_mates) {
  if (word_mates.empty()) word_mates = mates;
  call = ReadCall{};
  collect_hits(mates, evidence);
  call.hit_count = static_cast<std::uint32_t>(hits_.size());
  if (hits_.size() < params_.min_hits) return;
  HitSetKey key;
  const bool ask_memo = memo_.worth_asking();
  if (ask_memo) {
    for (const IndexSlot* slot : hits_) key.add(static_cast<std::uint32_t>(slot - index_.slots.data()));
    if (memo_.find(key, call)) {
      weigh_genus_words(word_mates, call);
      return;
    }
  }
  gather_postings();
  call_lineage(call);
  // Too little support for even the best domain: no call at all.
  std::size_t supporting = 0;
  const std::uint32_t domain = call.lineage[0].taxon;
  if (domain != kNoTaxon) {
    for (std::uint32_t h = 0; h + 1 < hit_begin_.size() && supporting < params_.min_hits; ++h)
      for (std::uint32_t e = hit_begin_[h]; e < hit_begin_[h + 1]; ++e)
        if (taxonomy_.ancestor_at_index(hit_postings_[e].taxon, 0) == domain) {
          ++supporting;
          break;
        }
  }
  if (domain != kNoTaxon && supporting < params_.min_hits) call = ReadCall{.taxon = kNoTaxon, .lineage = {}, .hit_count = call.hit_count};
  if (ask_memo) memo_.store(key, call);
  weigh_genus_words(word_mates, call);
}

void ReadClassifier::weigh_genus_words(std::span<const std::string_view> mates, ReadCall& call) {
  using namespace word_weighing;
  if (!genus_word_judge_) return;
  const std::optional<Question> asked = question(*genus_word_judge_, mates, call, taxonomy_);
  if (!asked) return;
  weigh(call, *asked, kFittedWeights, taxonomy_);
  call.taxon = deepest_confident(call, params_.confidence);
}

}  // namespace neurotax::kernels
