#include "neurotax/pipeline/classify_stage.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string_view>

#include "neurotax/common/interruption.hpp"
#include "neurotax/common/progress.hpp"
#include "neurotax/common/thread_handover.hpp"
#include "neurotax/pipeline/kraken_output.hpp"
#include "neurotax/pipeline/mate_reconciliation.hpp"
#include "neurotax/pipeline/quality_mask.hpp"
#include "neurotax/pipeline/read_cache.hpp"

namespace neurotax::pipeline {
namespace {

struct BatchWork {
  ReadBatch reads;
  std::string kraken_text;
  std::string lineage_text;
  std::array<std::string, 2> classified_text;
  std::array<std::string, 2> unclassified_text;
  std::uint64_t bases = 0;
};

/// The batches in flight, owned here and lent to the pipeline as raw pointers:
/// oneTBB does not destroy the items a pipeline holds when an exception
/// cancels it, so owning pointers in flight would leak (LeakSanitizer found
/// it). Reusing batches also keeps their buffers' capacity.
class BatchPool {
 public:
  BatchWork* take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) {
      owned_.push_back(std::make_unique<BatchWork>());
      free_.push_back(owned_.back().get());
    }
    BatchWork* work = free_.back();
    free_.pop_back();
    return work;
  }
  void give_back(BatchWork* work) {
    work->kraken_text.clear();
    work->lineage_text.clear();
    for (std::string& text : work->classified_text) text.clear();
    for (std::string& text : work->unclassified_text) text.clear();
    work->bases = 0;
    std::lock_guard lock(mutex_);
    free_.push_back(work);
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<BatchWork>> owned_;
  std::vector<BatchWork*> free_;
};

/// Groups of ambiguous reads past which a worker, at the end of a batch, adds
/// its counts to the run's: reads that never repeat make new groups all along, which would
/// otherwise be held once by every worker.
constexpr std::size_t kGroupsPerWorker = std::size_t{1} << 14;

/// Per-thread classifier, scratch and counts, built on first use by each
/// worker. Counts are sums, so each thread keeps its own and adds them to the
/// run's now and then, whatever batches each thread took.
struct WorkerScratch {
  WorkerScratch(const db::Database& database, const kernels::ClassifierParams& params)
      : classifier(database.index(), database.taxonomy(), database.minimizer_params(), params, &database.genus_words()),
        counts(database.taxon_count()) {}
  kernels::ReadClassifier classifier;
  kernels::ReadEvidence evidence;
  CachedResult result;
  TaxonCounts counts;
  /// Fragment i's mates as classified are reconciled[i % 2]: the next
  /// fragment's are taken while one is classified, for its cache key.
  std::array<ReconciledMates, 2> reconciled;
  std::uint64_t reconciled_pairs = 0;
  std::uint64_t settled_bases = 0;

  /// Takes `fragment`'s mates as classified into `mates`, counting what they settled.
  void take(ReconciledMates& mates, const Fragment& fragment, bool reconcile) {
    mates.take(fragment, reconcile);
    if (mates.settled() == 0) return;
    ++reconciled_pairs;
    settled_bases += mates.settled();
  }
};

ReadCache::Key cache_key(const ReconciledMates& reconciled) {
  const auto mates = reconciled.mates();
  return ReadCache::make_key(mates[0], mates.size() == 2 ? mates[1] : std::string_view(), mates.size() == 2);
}

/// Classifies one fragment, whose mates read as `mates` and whose cache key is
/// `key`, into `local.result`, through the cache when it is on.
void classify_fragment(const Fragment& fragment, const ReconciledMates& mates, const ReadCache::Key& key,
                       const db::Database& database, const ClassifyOptions& options, const ClassifySinks& sinks,
                       ReadCache& cache, WorkerScratch& local) {
  bool store = false;
  if (cache.enabled() && cache.find(key, local.result, store)) return;
  CachedResult& result = local.result;
  local.classifier.classify(mates.mates(), result.call, local.evidence, mates.word_mates());
  result.kraken_tail.clear();
  result.lineage_tail.clear();
  if (sinks.kraken != nullptr)
    append_kraken_tail(result.kraken_tail, fragment, result.call, local.evidence, database, options.use_names);
  if (sinks.lineage != nullptr) append_lineage_tail(result.lineage_tail, result.call, database);
  if (store) cache.insert(key, result);
}

/// Appends a fragment's mates as FASTQ/FASTA records tagged with the call, to
/// one text per mate (or both to the first when `split` is false).
void append_read_records(std::array<std::string, 2>& texts, bool split, const Fragment& fragment, std::uint32_t taxid) {
  const int mates = fragment.paired ? 2 : 1;
  for (int m = 0; m < mates; ++m) {
    std::string& out = texts[split ? m : 0];
    const bool fastq = !fragment.qualities[m].empty();
    out += fastq ? '@' : '>';
    out += fragment.id;
    if (fragment.paired) out += m == 0 ? "/1" : "/2";
    out += " kraken:taxid|" + std::to_string(taxid) + "\n";
    out += fragment.mates[m];
    out += '\n';
    if (fastq) {
      out += "+\n";
      out += fragment.qualities[m];
      out += '\n';
    }
  }
}

}  // namespace

ClassifyResult classify_reads(const db::Database& database, const ReadFiles& reads, const ClassifyOptions& options,
                              const ClassifySinks& sinks) {
  const auto start = std::chrono::steady_clock::now();
  kernels::validate(options.classifier);
  FragmentReader reader(reads);
  ProgressMeter progress("classifying", "reads", reader.total_input_bytes(), options.quiet);
  // A quarter of the cache memory goes to the threads' memos of calls by hit
  // set, a sixteenth to their memos of looked-up mates (the mates that repeat
  // most fit in little), the rest to the shared cache of repeated reads.
  const std::size_t cache_bytes = options.cache_mb << 20;
  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  kernels::ClassifierParams classifier_params = options.classifier;
  classifier_params.call_memo_bytes = cache_bytes / 4 / threads;
  classifier_params.mate_memo_bytes = cache_bytes / 16 / threads;
  tbb::enumerable_thread_specific<WorkerScratch> scratch(std::cref(database), std::cref(classifier_params));
  ReadCache cache(cache_bytes - cache_bytes / 4 - cache_bytes / 16);

  ClassifyResult result;
  result.counts = TaxonCounts(database.taxon_count());
  std::mutex counts_mutex;  // result.counts, while workers add to it
  const std::size_t tokens = 2 * std::max<std::size_t>(1, options.threads) + 1;

  // One token orders, for ThreadSanitizer, this thread's setup before every
  // filter, each filter before the next to run, and every filter before the
  // return here (`joined` covers an exception).
  BatchPool batches;
  int token = 0;
  hand_over(&token);
  const TakeOverAtExit joined(&token);
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, BatchWork*>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& control) -> BatchWork* {
            take_over(&token);
            const HandOverAtExit done(&token);
            throw_if_stop_requested();
            BatchWork* work = batches.take();
            if (!reader.next_batch(work->reads, options.batch_fragments, options.batch_bases)) {
              batches.give_back(work);
              control.stop();
              return nullptr;
            }
            return work;
          }) &
          tbb::make_filter<BatchWork*, BatchWork*>(
              tbb::filter_mode::parallel,
              [&](BatchWork* work) {
                take_over(&token);
                const HandOverAtExit done(&token);
                WorkerScratch& local = scratch.local();
                // Masked before the cache keys are taken, so that a repeat is
                // one in what is classified.
                for (std::size_t i = 0; i < work->reads.size; ++i)
                  mask_low_quality_bases(work->reads.fragments[i], options.minimum_base_quality);
                // The cache is probed one fragment ahead, so that its cache
                // misses overlap the classification of the fragment before;
                // its keys are of the mates as classified.
                const auto& fragments = work->reads.fragments;
                ReadCache::Key next_key{};
                if (work->reads.size > 0) {
                  local.take(local.reconciled[0], fragments[0], options.reconcile_mates);
                  if (cache.enabled()) next_key = cache_key(local.reconciled[0]);
                }
                for (std::size_t i = 0; i < work->reads.size; ++i) {
                  const Fragment& fragment = fragments[i];
                  const ReadCache::Key key = next_key;
                  if (i + 1 < work->reads.size) {
                    ReconciledMates& next = local.reconciled[(i + 1) % 2];
                    local.take(next, fragments[i + 1], options.reconcile_mates);
                    if (cache.enabled()) {
                      next_key = cache_key(next);
                      cache.prefetch(next_key);
                    }
                  }
                  classify_fragment(fragment, local.reconciled[i % 2], key, database, options, sinks, cache, local);
                  const kernels::ReadCall& call = local.result.call;
                  work->bases += fragment.mates[0].size() + fragment.mates[1].size();
                  // In memory, re-estimation takes the classifier's own candidates.
                  local.counts.add_read(call.taxon, {}, database.taxonomy(), &call);
                  if (sinks.kraken != nullptr) {
                    work->kraken_text += call.classified() ? "C\t" : "U\t";
                    work->kraken_text += fragment.id;
                    work->kraken_text += local.result.kraken_tail;
                  }
                  if (sinks.lineage != nullptr) {
                    work->lineage_text += fragment.id;
                    work->lineage_text += local.result.lineage_tail;
                  }
                  const auto& reads_sink = call.classified() ? sinks.classified : sinks.unclassified;
                  if (reads_sink[0] != nullptr)
                    append_read_records(call.classified() ? work->classified_text : work->unclassified_text,
                                        reads_sink[1] != nullptr, fragment,
                                        call.classified() ? database.external_id(call.taxon) : 0);
                }
                if (local.counts.ambiguous_groups() > kGroupsPerWorker) {
                  const std::lock_guard lock(counts_mutex);
                  result.counts.add(local.counts);
                  local.counts = TaxonCounts(database.taxon_count());
                }
                return work;
              }) &
          tbb::make_filter<BatchWork*, void>(
              tbb::filter_mode::serial_in_order, [&](BatchWork* work) {
                take_over(&token);
                const HandOverAtExit done(&token);
                if (sinks.kraken != nullptr) sinks.kraken->write(work->kraken_text);
                if (sinks.lineage != nullptr) sinks.lineage->write(work->lineage_text);
                for (std::size_t m = 0; m < 2; ++m) {
                  if (sinks.classified[m] != nullptr) sinks.classified[m]->write(work->classified_text[m]);
                  if (sinks.unclassified[m] != nullptr) sinks.unclassified[m]->write(work->unclassified_text[m]);
                }
                result.fragments += work->reads.size;
                result.bases += work->bases;
                progress.update(result.fragments, work->reads.input_bytes);
                batches.give_back(work);
              }));
  take_over(&token);

  for (WorkerScratch& local : scratch) {
    result.counts.add(local.counts);
    local.counts = TaxonCounts();
    result.reconciled_pairs += local.reconciled_pairs;
    result.settled_bases += local.settled_bases;
  }
  progress.finish(result.fragments);
  result.cache_hits = cache.hits();
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace neurotax::pipeline
