#include "neurotax/pipeline/classify_stage.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>

#include <chrono>
#include <memory>
#include <string_view>

#include "neurotax/common/progress.hpp"
#include "neurotax/pipeline/kraken_output.hpp"

namespace neurotax::pipeline {
namespace {

struct BatchWork {
  ReadBatch reads;
  std::string kraken_text;
  std::string lineage_text;
  TaxonCounts counts;
  std::uint64_t bases = 0;
};

/// Per-thread classifier and scratch, built on first use by each worker.
struct WorkerScratch {
  WorkerScratch(const db::Database& database, const kernels::ClassifierParams& params)
      : classifier(database.index(), database.taxonomy(), database.minimizer_params(), params) {}
  kernels::ReadClassifier classifier;
  kernels::ReadCall call;
  kernels::ReadEvidence evidence;
};

}  // namespace

ClassifyResult classify_reads(const db::Database& database, const std::vector<std::string>& read_paths,
                              const ClassifyOptions& options, const ClassifySinks& sinks) {
  const auto start = std::chrono::steady_clock::now();
  kernels::validate(options.classifier);
  FragmentReader reader(read_paths, options.pairing);
  ProgressMeter progress("classifying", "reads", reader.total_input_bytes(), options.quiet);
  tbb::enumerable_thread_specific<WorkerScratch> scratch(std::cref(database), std::cref(options.classifier));

  ClassifyResult result;
  result.counts = TaxonCounts(database.taxon_count());
  const std::size_t tokens = 2 * std::max<std::size_t>(1, options.threads) + 1;

  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, std::shared_ptr<BatchWork>>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& control) -> std::shared_ptr<BatchWork> {
            auto work = std::make_shared<BatchWork>();
            if (!reader.next_batch(work->reads, options.batch_fragments, options.batch_bases)) {
              control.stop();
              return nullptr;
            }
            return work;
          }) &
          tbb::make_filter<std::shared_ptr<BatchWork>, std::shared_ptr<BatchWork>>(
              tbb::filter_mode::parallel,
              [&](std::shared_ptr<BatchWork> work) {
                WorkerScratch& local = scratch.local();
                work->counts = TaxonCounts(database.taxon_count());
                for (std::size_t i = 0; i < work->reads.size; ++i) {
                  const Fragment& fragment = work->reads.fragments[i];
                  const std::string_view mates[2] = {fragment.mates[0], fragment.mates[1]};
                  local.classifier.classify(std::span(mates, fragment.paired ? 2 : 1), local.call, local.evidence);
                  work->bases += fragment.mates[0].size() + fragment.mates[1].size();
                  if (local.call.classified())
                    ++work->counts.direct[local.call.taxon];
                  else
                    ++work->counts.unclassified;
                  if (sinks.kraken != nullptr)
                    append_kraken_line(work->kraken_text, fragment, local.call, local.evidence, database,
                                       options.use_names);
                  if (sinks.lineage != nullptr) append_lineage_line(work->lineage_text, fragment, local.call, database);
                }
                return work;
              }) &
          tbb::make_filter<std::shared_ptr<BatchWork>, void>(
              tbb::filter_mode::serial_in_order, [&](std::shared_ptr<BatchWork> work) {
                if (sinks.kraken != nullptr) sinks.kraken->write(work->kraken_text);
                if (sinks.lineage != nullptr) sinks.lineage->write(work->lineage_text);
                result.counts.add(work->counts);
                result.fragments += work->reads.size;
                result.bases += work->bases;
                progress.update(result.fragments, work->reads.input_bytes);
              }));

  progress.finish(result.fragments);
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace neurotax::pipeline
