#include "neurotax/kernels/genus_words.hpp"

#include <xxhash.h>

#include <algorithm>
#include <numeric>
#include <bit>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "neurotax/common/errors.hpp"
#include "count_bits.hpp"

namespace neurotax::kernels {
namespace {
constexpr int kMantissaSteps = 128;


}  // namespace

GenusWordModel::GenusWordModel(const GenusWordsView& view, const TaxonomyView& taxonomy, std::size_t max_rows,
                               std::string source)
    : view_(view), source_(std::move(source)) {
  using namespace genus_words;
  const std::size_t profiles = view.genera.size();
  if (view.presence.size() != profiles * kPresenceWords) throw std::invalid_argument("genus word presence has the wrong size");
  if (view.word_references.size() != kWords) throw std::invalid_argument("genus word counts have the wrong size");
  if (taxonomy.clade_references.size() != taxonomy.size())
    throw std::invalid_argument("the genus word model needs the taxonomy's clade references");
  profile_of_taxon_.assign(taxonomy.size(), kNoProfile);
  references_per_step_.resize(profiles);
  log_denominator_.resize(profiles);
  for (std::size_t p = 0; p < profiles; ++p) {
    const std::uint32_t genus = view.genera[p];
    if (genus >= taxonomy.size() || taxonomy.ranks[genus] != Rank::kGenus || (p > 0 && genus <= view.genera[p - 1]))
      throw std::invalid_argument("genus word profile " + std::to_string(p) + " is not of a genus, or out of order");
    const std::uint32_t references = taxonomy.clade_references[genus];
    if (references == 0) throw std::invalid_argument("genus word profile " + std::to_string(p) + " is of a genus without references");
    profile_of_taxon_[genus] = static_cast<std::uint32_t>(p);
    references_per_step_[p] = static_cast<float>(references) / static_cast<float>(kShareSteps);
    log_denominator_[p] = std::log(static_cast<float>(references) + 1.0F);
  }
  for (int i = 0; i <= kMantissaSteps; ++i) log_mantissa_.push_back(std::log1p(static_cast<float>(i) / kMantissaSteps));
  share_base_.resize(view.presence.size());
  std::size_t held = 0;
  for (std::size_t i = 0; i < view.presence.size(); ++i) {
    share_base_[i] = static_cast<std::uint32_t>(held);
    held += count_bits(view.presence[i]);
  }
  if (held != view.shares.size()) throw std::invalid_argument("genus word shares do not match the words held");
  for (const std::uint8_t share : view.shares)
    if (share == 0) throw std::invalid_argument("a held genus word has a share of 0");
  prior_.resize(kWords);
  log_prior_.resize(kWords);
  for (std::size_t w = 0; w < kWords; ++w) {
    if (view.word_references[w] > view.references) throw std::invalid_argument("a genus word is held by more references than exist");
    prior_[w] = static_cast<float>((view.word_references[w] + 0.5) / (static_cast<double>(view.references) + 1.0));
    log_prior_[w] = std::log(prior_[w]);
  }
  if (view.reference_rows.size() != profiles + 1 || view.reference_rows.front() != 0)
    throw std::invalid_argument("genus reference rows have the wrong size");
  for (std::size_t p = 0; p < profiles; ++p)
    if (view.reference_rows[p + 1] < view.reference_rows[p] ||
        view.reference_rows[p + 1] - view.reference_rows[p] != taxonomy.clade_references[view.genera[p]])
      throw std::invalid_argument("genus word profile " + std::to_string(p) + " has not a row for each of its references");
  if (view.reference_near_words.size() != std::size_t{view.reference_rows.back()} * kNearPresenceWords)
    throw std::invalid_argument("genus reference near words have the wrong size");
  if (view.reference_near_word_checksums.size() != profiles)
    throw std::invalid_argument("genus reference near-word checksums have the wrong size");
  arrange_units(taxonomy);
  rows_ = std::make_unique<Rows>(profiles, units(), max_rows);
}

GenusWordModel::Rows::~Rows() {
  for (const std::atomic<float*>& kept_row : row) delete[] kept_row.load(std::memory_order_relaxed);
  for (const std::atomic<std::uint64_t*>& kept_columns : columns) delete[] kept_columns.load(std::memory_order_relaxed);
}

const float* GenusWordModel::likelihood_row(std::uint32_t profile) const {
  std::atomic<float*>& slot = rows_->row[profile];
  if (float* kept = slot.load(std::memory_order_acquire)) return kept;
  if (rows_->kept.fetch_add(1, std::memory_order_relaxed) >= rows_->max_rows) {
    rows_->kept.fetch_sub(1, std::memory_order_relaxed);
    return nullptr;
  }
  auto fresh = std::make_unique<float[]>(genus_words::kWords);
  for (std::uint32_t word = 0; word < genus_words::kWords; ++word) fresh[word] = log_likelihood(profile, word);
  float* first = nullptr;
  if (slot.compare_exchange_strong(first, fresh.get(), std::memory_order_release, std::memory_order_acquire))
    return fresh.release();
  rows_->kept.fetch_sub(1, std::memory_order_relaxed);
  return first;
}


float GenusWordModel::log(float x) const noexcept {
  // x = m 2^e with m in [1, 2): e ln 2 + ln m, ln m interpolated in the table.
  const auto bits = std::bit_cast<std::uint32_t>(x);
  const int exponent = static_cast<int>((bits >> 23) & 0xFFU) - 127;
  const std::uint32_t mantissa = bits & 0x7FFFFFU;
  const std::uint32_t step = mantissa >> 16;
  const float within = static_cast<float>(mantissa & 0xFFFFU) * (1.0F / 65536.0F);
  return static_cast<float>(exponent) * std::numbers::ln2_v<float> + log_mantissa_[step] +
         within * (log_mantissa_[step + 1] - log_mantissa_[step]);
}

float GenusWordModel::log_likelihood(std::uint32_t profile, std::uint32_t word) const noexcept {
  float likelihood = 0.0F;
  log_likelihoods(profile, std::span(&word, 1), &likelihood);
  return likelihood;
}

void GenusWordModel::log_likelihoods(std::uint32_t profile, std::span<const std::uint32_t> words,
                                     float* out) const noexcept {
  const std::uint64_t* presence = view_.presence.data() + std::size_t{profile} * genus_words::kPresenceWords;
  const std::uint32_t* share_base = share_base_.data() + std::size_t{profile} * genus_words::kPresenceWords;
  const float references_per_step = references_per_step_[profile];
  const float log_denominator = log_denominator_[profile];
  // (A model whose references hold no word at all has no share to point at.)
  const std::uint8_t no_share = 0;
  const std::uint8_t* shares = view_.shares.empty() ? &no_share : view_.shares.data();
  const std::size_t last_share = view_.shares.empty() ? 0 : view_.shares.size() - 1;
  // Without branches: a read holds words a genus has and words it lacks in
  // no predictable order, and a held word's share is 0 for one it lacks,
  // where RDP's estimate becomes P_w / (references + 1).
  for (const std::uint32_t word : words) {
    const std::uint64_t bits = presence[word / 64];
    const std::uint64_t bit = std::uint64_t{1} << (word % 64);
    const auto held = static_cast<std::uint32_t>((bits & bit) != 0);
    const std::size_t index = std::min<std::size_t>(share_base[word / 64] + count_bits(bits & (bit - 1)), last_share);
    const auto share = static_cast<float>(shares[index] & (0U - held));
    *out++ = log(share * references_per_step + prior_[word]) - log_denominator;
  }
}

std::span<const std::uint32_t> GenusWordModel::profiles_within(const TaxonomyView& taxonomy, std::uint32_t clade) const {
  if (profile_preorders_.empty() || clade >= taxonomy.preorder.size()) return {};
  // A clade's genera are the profiles whose preorder number falls in its subtree's interval.
  const auto first = std::lower_bound(profile_preorders_.begin(), profile_preorders_.end(), taxonomy.preorder[clade]);
  const auto last = std::lower_bound(first, profile_preorders_.end(), taxonomy.subtree_end[clade]);
  return std::span(unit_profiles_).subspan(static_cast<std::size_t>(first - profile_preorders_.begin()),
                                                  static_cast<std::size_t>(last - first));
}

void genus_words::distinct_words(std::span<const std::string_view> mates, std::vector<std::uint64_t>& seen,
                                 std::vector<std::uint32_t>& words) {
  std::size_t positions = 0;
  for (const std::string_view mate : mates) positions += mate.size();
  words.resize(positions + 1);
  std::size_t distinct = 0;
  // Sampled words and repeats (overlapping mates) come in no predictable
  // order: each word is written, and kept by advancing past it only when it
  // is sampled and new, without a branch to mispredict.
  for (const std::string_view mate : mates)
    for_each_canonical_word(mate, [&](std::uint32_t canonical) {
      const std::uint32_t word = index_if_sampled(canonical);
      const auto sampled = static_cast<std::uint64_t>(is_sampled(canonical));
      std::uint64_t& block = seen[word / 64];
      const std::uint64_t bit = sampled << (word % 64);
      words[distinct] = word;
      distinct += (block & bit) != 0 ? 0 : sampled;
      block |= bit;
    });
  words.resize(distinct);
  for (const std::uint32_t word : words) seen[word / 64] = 0;
}

std::uint64_t genus_words::near_word_rows_checksum(std::span<const std::uint64_t> rows) noexcept {
  return XXH3_64bits(rows.data(), rows.size_bytes());
}

std::size_t genus_words::near_word_bits(std::span<const std::uint32_t> words,
                                       std::span<std::uint64_t, kNearPresenceWords> near) {
  std::fill(near.begin(), near.end(), 0);
  std::size_t count = 0;
  for (const std::uint32_t word : words) {
    if (!is_near_word(word)) continue;
    near[near_index(word) / 64] |= std::uint64_t{1} << (near_index(word) % 64);
    ++count;
  }
  return count;
}

GenusWordJudge::GenusWordJudge(const GenusWordModel& model)
    : model_(model), seen_(genus_words::kPresenceWords, 0) {}

std::optional<GenusWordJudge::Verdict> GenusWordJudge::nearest(std::span<const std::string_view> mates,
                                                                 std::span<const std::uint32_t> genera) {
  take_profiles(genera, {});
  if (judged_profiles_.empty()) return std::nullopt;
  genus_words::distinct_words(mates, seen_, words_);
  if (!take_near_words()) return std::nullopt;
  return nearest_of_taken();
}

std::optional<GenusWordJudge::Verdict> GenusWordJudge::judge(std::span<const std::string_view> mates,
                                                               std::span<const std::uint32_t> genera) {
  genus_words::distinct_words(mates, seen_, words_);
  return judge_taken(genera);
}

void GenusWordJudge::take_profiles(std::span<const std::uint32_t> leading, const Clades& clades) {
  judged_profiles_.clear();
  for (const std::uint32_t genus : leading) {
    const std::uint32_t profile = model_.profile_of(genus);
    if (profile != GenusWordModel::kNoProfile &&
        std::find(judged_profiles_.begin(), judged_profiles_.end(), profile) == judged_profiles_.end())
      judged_profiles_.push_back(profile);
  }
  const auto leaders = static_cast<std::ptrdiff_t>(judged_profiles_.size());
  std::size_t references = 0;
  for (const std::uint32_t clade : clades.taxa) {
    if (clade == kNoTaxon || clades.taxonomy == nullptr) continue;
    const std::span<const std::uint32_t> profiles = model_.profiles_within(*clades.taxonomy, clade);
    std::size_t added = 0;
    for (const std::uint32_t profile : profiles) added += model_.references_of(profile);
    if (references + added > clades.most_references) break;
    references += added;
    for (const std::uint32_t profile : profiles)
      if (std::find(judged_profiles_.begin(), judged_profiles_.begin() + leaders, profile) == judged_profiles_.begin() + leaders)
        judged_profiles_.push_back(profile);
  }
  judged_genera_.clear();
  for (const std::uint32_t profile : judged_profiles_) judged_genera_.push_back(model_.view().genera[profile]);
}

GenusWordJudge::Verdict GenusWordJudge::nearest_of_taken() {
  judged_nearness_.resize(judged_profiles_.size());
  model_.count_nearest(judged_profiles_, near_words_, judged_nearness_, nearest_scratch_);
  return verdict_of_nearness(judged_genera_, judged_nearness_);
}

GenusWordJudge::Opinions GenusWordJudge::opinions(std::span<const std::string_view> mates,
                                                  std::span<const std::uint32_t> leading, const Clades& clades,
                                                  bool resampled) {
  take_profiles(leading, clades);
  if (judged_profiles_.empty()) return {};
  genus_words::distinct_words(mates, seen_, words_);
  if (!take_near_words())
    return {judge_taken(std::span(judged_genera_).first(std::min(kMostNearestGenera, judged_genera_.size()))), std::nullopt};
  Verdict nearest = nearest_of_taken();
  if (resampled) nearest.resampled = resampled_share(nearest.genus);
  // The words judge the genera whose references come nearest, the verdict's first.
  std::array<std::uint32_t, kMostNearestGenera> genera{nearest.genus};
  std::size_t judged = 1;
  nearest_first_.resize(judged_profiles_.size());
  std::iota(nearest_first_.begin(), nearest_first_.end(), 0U);
  const auto nearer = [this](std::uint32_t a, std::uint32_t b) {
    const GenusWordModel::Nearness &x = judged_nearness_[a], &y = judged_nearness_[b];
    return x.most != y.most ? x.most > y.most : x.holding != y.holding ? x.holding > y.holding : a < b;
  };
  const std::size_t ranked = std::min(kMostNearestGenera, nearest_first_.size());
  std::partial_sort(nearest_first_.begin(), nearest_first_.begin() + static_cast<std::ptrdiff_t>(ranked),
                    nearest_first_.end(), nearer);
  for (std::size_t g = 0; g < ranked && judged < genera.size(); ++g)
    if (judged_genera_[nearest_first_[g]] != nearest.genus) genera[judged++] = judged_genera_[nearest_first_[g]];
  return {judge_taken(std::span(genera.data(), judged)), nearest};
}

double GenusWordJudge::resampled_share(std::uint32_t genus) {
  // SplitMix64 over a seed folded from the near words: the same fragment
  // draws the same words on any thread.
  std::uint64_t state = 0x9E3779B97F4A7C15ULL ^ near_words_.size();
  for (const std::uint32_t word : near_words_) state = state * 1000003ULL + word;
  const auto next_random = [&state] {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  drawn_words_.resize(std::max<std::size_t>(near_words_.size() / 2, 1));
  drawn_nearness_.resize(judged_profiles_.size());
  double share = 0.0;
  for (unsigned round = 0; round < kResamplingRounds; ++round) {
    for (std::uint32_t& word : drawn_words_) word = near_words_[next_random() % near_words_.size()];
    model_.count_nearest(judged_profiles_, drawn_words_, drawn_nearness_, nearest_scratch_);
    const Verdict drawn = verdict_of_nearness(judged_genera_, drawn_nearness_);
    if (drawn.genus == genus) share += drawn.confidence;
  }
  return share / kResamplingRounds;
}

bool GenusWordJudge::take_near_words() {
  // Every word is written and kept when near, without a branch: near words
  // and others come in no predictable order.
  near_words_.resize(words_.size());
  std::size_t near = 0;
  for (const std::uint32_t word : words_) {
    near_words_[near] = genus_words::near_index(word);
    near += genus_words::is_near_word(word) ? 1 : 0;
  }
  near_words_.resize(near);
  return near != 0;
}

GenusWordJudge::Verdict GenusWordJudge::verdict_of_nearness(std::span<const std::uint32_t> genera,
                                                            std::span<const GenusWordModel::Nearness> nearness) const {
  unsigned most = 0;
  for (const GenusWordModel::Nearness& genus : nearness) most = std::max(most, genus.most);
  // The nearest references are those of all genera at the most.
  std::size_t best = 0;
  unsigned all = 0;
  for (std::size_t g = 0; g < nearness.size(); ++g) {
    if (nearness[g].most != most) continue;
    all += nearness[g].holding;
    if (nearness[best].most != most || nearness[g].holding > nearness[best].holding) best = g;
  }
  Verdict verdict{genera[best], static_cast<double>(nearness[best].holding) / static_cast<double>(all)};
  verdict.near_words = static_cast<unsigned>(near_words_.size());
  verdict.held = most;
  verdict.holders = nearness[best].holding;
  return verdict;
}

std::optional<GenusWordJudge::Verdict> GenusWordJudge::judge_taken(std::span<const std::uint32_t> genera) {
  if (words_.empty()) return std::nullopt;

  // Log-likelihood of every word under each candidate with a profile, kept
  // for the duels below.
  std::uint32_t judged_genera[3];
  std::size_t judged = 0;
  likelihoods_.clear();
  double best_sum = 0.0;
  std::size_t best = 0;
  for (const std::uint32_t genus : genera) {
    const std::uint32_t profile = model_.profile_of(genus);
    if (profile == GenusWordModel::kNoProfile || judged == std::size(judged_genera)) continue;
    likelihoods_.resize((judged + 1) * words_.size());
    float* likelihoods = likelihoods_.data() + judged * words_.size();
    if (const float* row = model_.likelihood_row(profile)) {
      for (std::size_t w = 0; w < words_.size(); ++w) likelihoods[w] = row[words_[w]];
    } else {
      model_.log_likelihoods(profile, words_, likelihoods);
    }
    double sum = 0.0;
    for (std::size_t w = 0; w < words_.size(); ++w) sum += likelihoods[w];
    if (judged == 0 || sum > best_sum) {
      best_sum = sum;
      best = judged;
    }
    judged_genera[judged++] = genus;
  }
  if (judged == 0) return std::nullopt;

  Verdict verdict{judged_genera[best], 1.0};
  const std::size_t count = words_.size();
  const double draws = std::max<double>(1.0, static_cast<double>(count / 8));
  const float* chosen = likelihoods_.data() + best * count;
  for (std::size_t rival = 0; rival < judged; ++rival) {
    if (rival == best) continue;
    const float* other = likelihoods_.data() + rival * count;
    double sum = 0.0, sum_of_squares = 0.0;
    for (std::size_t w = 0; w < count; ++w) {
      const double difference = static_cast<double>(chosen[w]) - other[w];
      sum += difference;
      sum_of_squares += difference * difference;
    }
    const double mean = sum / static_cast<double>(count);
    const double variance = sum_of_squares / static_cast<double>(count) - mean * mean;
    verdict.confidence *= variance <= 1e-12 ? (mean > 0 ? 1.0 : 0.5) : normal_cdf_(std::sqrt(draws) * mean / std::sqrt(variance));
  }
  return verdict;
}

}  // namespace neurotax::kernels
