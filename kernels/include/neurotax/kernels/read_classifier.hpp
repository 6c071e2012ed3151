#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "neurotax/kernels/call_memo.hpp"
#include "neurotax/kernels/genus_words.hpp"
#include "neurotax/kernels/mate_memo.hpp"
#include "neurotax/kernels/minimizer_index.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"
#include "neurotax/kernels/normal_cdf.hpp"
#include "neurotax/kernels/read_call.hpp"
#include "neurotax/kernels/taxonomy_view.hpp"

namespace neurotax::kernels {

/// How a read is called (documented in kernels/README.md):
///  1. every distinct minimizer of the fragment found in the index is a hit;
///     a hit supports the taxa of its postings and everything under them;
///  2. every taxon named by a posting is a candidate and scores the hits that
///     hold it or an ancestor; ties go to the candidate whose reference
///     sequences agree most (the share of them holding the read's hits). The
///     best candidate is the read's nearest reference taxon; the call follows
///     its lineage;
///  3. at each rank the confidence is the expected outcome of a bootstrap that
///     draws `bootstrap_sample` hits with replacement: the probability that the
///     chosen clade outscores each of its two strongest rival clades (or no
///     rival at all), from the mean and variance of the per-hit score
///     differences. At the genus rank a second bootstrap over the per-hit
///     differences of the two candidates' reference shares (how many of their
///     references hold each hit) is averaged in. It needs no random numbers,
///     so calls never depend on threads or order;
///  4. a genus call whose confidence (its weakest rank down to the genus) stays
///     below word_weighing::kUnquestionedConfidence gets two second opinions,
///     by 7-mers: its nearest references among those of its three leading
///     genera and of its family's (SINTAX's idea) and the genus word model
///     (RDP's naive Bayes); the genus confidence becomes the chance that the
///     genus is right, a fitted logistic function of the call's confidences,
///     the opinions and the fragment's length (word_weighing.hpp), and a genus
///     the nearest references name takes the call when it is likelier right
///     than the minimizers' one. A call that reaches no genus (its hits merged
///     up to a family or higher) is given the genus its nearest references
///     name among those of its deepest clade, at the chance that it is right;
///  5. the call is the deepest rank down to which every confidence reaches
///     `confidence`, so a read that cannot separate two genera is called at
///     their family. Fewer than `min_hits` supporting hits leave it unclassified.
struct ClassifierParams {
  /// 0.7, not the 0.8 SINTAX and RDP default to: the genus confidence is the
  /// fitted chance that the genus is right, where theirs is a bootstrap
  /// support that overstates it. Over many held-out strains, neurotax's calls
  /// of V4 pairs at 0.7 are more precise than SINTAX's and RDP's at 0.8 and
  /// recall more than SINTAX's (kernels/README.md, step 5).
  double confidence = 0.7;
  unsigned min_hits = 2;
  unsigned bootstrap_sample = 32;
  /// Skips step 4: the call comes from the minimizers alone (faster, and less
  /// sensitive to novel strains).
  bool minimizers_only = false;
  /// Memory for the memo of calls by hit set (CallMemo), per classifier; 0 = off.
  std::size_t call_memo_bytes = 0;
  /// Memory for the memo of looked-up mates by sequence (MateMemo), per classifier; 0 = off.
  std::size_t mate_memo_bytes = 0;
};

void validate(const ClassifierParams& params);

/// Per k-mer position results, kept for Kraken-style hit lists: each mate's
/// positions as runs of one taxon (neighbouring k-mers mostly share their
/// minimizer, so a 250 bp mate has tens of runs, not hundreds of positions).
struct ReadEvidence {
  static constexpr std::uint32_t kNotFound = ~std::uint32_t{0};
  static constexpr std::uint32_t kAmbiguous = kNotFound - 1;
  struct Run {
    std::uint32_t taxon;   ///< LCA taxon of the k-mers' minimizers, kNotFound or kAmbiguous
    std::uint32_t length;  ///< k-mer positions
    friend bool operator==(const Run&, const Run&) = default;
  };
  std::vector<Run> runs;               ///< neighbours within a mate always differ in taxon
  std::vector<std::size_t> mate_ends;  ///< end offset of each mate in runs

  void clear() noexcept {
    runs.clear();
    mate_ends.clear();
  }
  /// Appends `length` positions of `taxon` to the current mate.
  void add(std::uint32_t taxon, std::uint32_t length) {
    const std::size_t mate_begin = mate_ends.empty() ? 0 : mate_ends.back();
    if (runs.size() > mate_begin && runs.back().taxon == taxon)
      runs.back().length += length;
    else
      runs.push_back({taxon, length});
  }
  void end_mate() { mate_ends.push_back(runs.size()); }
};

/// Classifies reads against one index. Holds per-thread scratch: make one per
/// thread and reuse it; it is not thread-safe itself.
class ReadClassifier {
 public:
  /// `genus_words`: the database's word model, for step 4 (nullptr: none).
  ReadClassifier(const MinimizerIndexView& index, const TaxonomyView& taxonomy, const MinimizerParams& minimizers,
                 const ClassifierParams& params, const GenusWordModel* genus_words = nullptr);

  /// Classifies one fragment (one or two mates), filling `call` and `evidence`.
  /// `word_mates`, when given, are the mates whose words the second opinions
  /// of step 4 read (the same bases, those the mates disagree on masked).
  void classify(std::span<const std::string_view> mates, ReadCall& call, ReadEvidence& evidence,
                std::span<const std::string_view> word_mates = {});

 private:
  void collect_hits(std::span<const std::string_view> mates, ReadEvidence& evidence);
  /// Scans one mate and looks its minimizers up, adding new ones to hits_;
  /// remembers the mate's runs in mate_memo_ under `remember_as` unless nullptr.
  void look_up_mate(std::string_view mate, ReadEvidence& evidence, const MateKey* remember_as);
  /// What look_up_mate would do for a mate whose runs mate_memo_ remembers.
  void replay_mate(std::span<const MateRun> runs, ReadEvidence& evidence);
  /// The hits' postings, flattened (hit_postings_, hit_begin_), for scoring.
  void gather_postings();
  /// Starts a fragment's lookup memo, sized for its mates.
  void prepare_lookup_memo(std::span<const std::string_view> mates);
  /// The memo entry of `minimizer`, and whether it is new to the fragment.
  std::pair<std::uint32_t, bool> claim(std::uint64_t minimizer);
  void call_lineage(ReadCall& call);
  /// Step 4 on a finished call (after the memo: the words differ read by read).
  void weigh_genus_words(std::span<const std::string_view> mates, ReadCall& call);
  /// Whether hit `hit` holds `candidate` or one of its ancestors.
  [[nodiscard]] bool supports(std::uint32_t hit, std::uint32_t candidate) const;
  /// Whether posting `posting` (of hit_postings_) is at `candidate` or one of its ancestors.
  [[nodiscard]] bool posting_supports(std::uint32_t posting, std::uint32_t candidate) const;
  void score_candidates();
  /// The rank-independent part of a bootstrap round between the best candidate
  /// and candidate `rival` (an index into candidates_; kNoRival: nothing): the
  /// chance the round is decided for the best, and that it draws no hit that
  /// tells them apart.
  struct Duel {
    double decided = 0.0;
    double no_discriminating_draw = 0.0;
  };
  Duel duel_with(std::size_t rival, bool with_shares);
  /// The duel of a bootstrap over per-hit differences with this sum, sum of
  /// squares and number of non-zero differences.
  Duel bootstrap_duel(double sum, double sum_of_squares, std::size_t discriminating);
  /// Over the hits, the differences between the shares of the best
  /// candidate's and candidate `rival`'s reference sequences that hold each
  /// hit (after compute_shares).
  struct ShareDifferences {
    double sum = 0.0;
    double sum_of_squares = 0.0;
    std::size_t non_zero = 0;
  };
  [[nodiscard]] ShareDifferences share_differences(std::size_t rival);
  void compute_shares();
  /// The chance that a bootstrap round of bootstrap_sample draws from `hits`
  /// hits draws none of the `discriminating` ones.
  double no_discriminating_draw(std::size_t discriminating, std::size_t hits);
  static constexpr std::size_t kKeptDrawHits = 128;  // (d, h) pairs with h below this are kept
  /// P(the best candidate's clade at `rank_index` wins a bootstrap round against
  /// candidate `rival`'s); `best_agreement` is tied_agreement(0, rank_index).
  [[nodiscard]] double win_probability(std::size_t rival, std::size_t rank_index, double best_agreement);
  [[nodiscard]] double tied_agreement(std::size_t leader, std::size_t rank_index) const;
  static constexpr std::size_t kNoRival = ~std::size_t{0};

  const MinimizerIndexView& index_;
  const TaxonomyView& taxonomy_;
  ClassifierParams params_;
  MinimizerScanner scanner_;

  std::vector<ScannedRun> scanned_;  // the current mate's runs of one minimizer
  std::vector<std::uint32_t> run_entries_;  // per run of scanned_, its entry in looked_up_
  static constexpr std::uint32_t kNoEntry = ~std::uint32_t{0};  // an ambiguous run's
  // The fragment's minimizers already looked up, so that the overlapping mates
  // of an amplicon pay each table miss once: open addressing, an entry belongs
  // to the current fragment when its stamp is stamp_ (no clearing per read).
  struct LookedUp {
    std::uint64_t minimizer;
    const IndexSlot* slot;  // nullptr: not in the index
    std::uint32_t stamp;
  };
  std::vector<LookedUp> looked_up_;
  std::uint32_t stamp_ = 0;
  std::vector<std::uint32_t> pending_;  // entries of the current mate still to look up
  std::vector<MateRun> mate_runs_;  // scanned_ as mate_memo_ keeps it
  std::vector<const IndexSlot*> hits_;
  std::vector<Posting> hit_postings_;        // all hits' postings, flattened
  std::vector<std::uint32_t> hit_begin_;     // per hit, first entry in hit_postings_ (+1 sentinel)
  std::vector<std::uint32_t> posting_hits_;  // beside hit_postings_: the hit of each
  struct Candidate {
    std::uint32_t taxon;
    std::uint32_t score;   // hits holding the taxon or an ancestor
    float agreement;       // share of its reference sequences typically holding a hit
  };
  /// The candidates' order: score, then agreement, then depth, then taxon.
  [[nodiscard]] bool outranks(const Candidate& a, const Candidate& b) const;
  std::vector<Candidate> candidates_;    // touched taxa, the leaders sorted by score
  bool tail_sorted_ = false;             // whether candidates_ past the leaders are sorted too
  std::vector<std::uint32_t> direct_;   // dense, per taxon: hits holding it; zero between reads
  std::vector<std::uint32_t> sequences_;  // dense, per taxon: summed posting sequence counts
  std::vector<std::uint64_t> cover_;    // dense, per taxon: leading candidates under it; zero between reads
  std::vector<std::pair<std::size_t, Duel>> duels_;  // this read's duels, by rival (x2, +1 with shares)
  // Filled by the first duel that weighs shares (compute_shares), for the read:
  std::vector<float> clade_shares_;  // beside hit_postings_: sequences / references of the posting's clade
  std::vector<float> best_shares_;   // per hit, the best candidate's share
  std::vector<float> rival_shares_;  // per hit, a rival's share (share_differences' scratch)
  std::vector<std::uint64_t> hit_masks_;                       // per hit, the leading candidates it supports
  std::vector<std::uint64_t> posting_masks_;                   // beside hit_postings_: the same per posting
  CallMemo memo_;
  MateMemo mate_memo_;
  std::optional<GenusWordJudge> genus_word_judge_;
  NormalCdf normal_cdf_;
  std::vector<double> kept_draws_;  // no_discriminating_draw by (h, d), triangular; NaN: not computed yet
};

}  // namespace neurotax::kernels
