// Throughput of the hot loops on generated data: minimizer scanning (k-mers/s),
// the scan for a fragment's distinct 7-mers that step 4 of the call makes
// (bases/s), and whole-read classification (reads/s per thread) against a generated
// reference of many genera that share conserved stretches, as 16S genes do.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "neurotax/db/database.hpp"
#include "neurotax/db/database_builder.hpp"
#include "neurotax/common/atomic_output.hpp"
#include "neurotax/kernels/genus_words.hpp"
#include "neurotax/kernels/minimizer_scanner.hpp"
#include "neurotax/kernels/read_classifier.hpp"

namespace {

std::string random_bases(std::mt19937_64& random, std::size_t length) {
  static constexpr char kBases[] = "ACGT";
  std::string sequence(length, 'A');
  for (char& base : sequence) base = kBases[random() & 3U];
  return sequence;
}

void BM_MinimizerScan(benchmark::State& state) {
  std::mt19937_64 random(1);
  const std::string read = random_bases(random, 250);
  neurotax::kernels::MinimizerScanner scanner(neurotax::kernels::MinimizerParams{});
  std::vector<std::uint64_t> values;
  for (auto _ : state) {
    scanner.scan(read, values);
    benchmark::DoNotOptimize(values.data());
  }
  state.counters["kmers/s"] = benchmark::Counter(static_cast<double>(state.iterations() * values.size()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MinimizerScan);

/// The distinct sampled 7-mers of a V4 pair (two overlapping 250 bp mates),
/// as step 4 of the call takes them from every questioned fragment.
void BM_DistinctWords(benchmark::State& state) {
  std::mt19937_64 random(1);
  const std::string amplicon = random_bases(random, 253);
  std::string reverse_mate = amplicon.substr(3);
  neurotax::kernels::reverse_complement(reverse_mate);
  const std::string_view mates[2] = {std::string_view(amplicon).substr(0, 250), reverse_mate};
  std::vector<std::uint64_t> seen(neurotax::kernels::genus_words::kPresenceWords, 0);
  std::vector<std::uint32_t> words;
  for (auto _ : state) {
    neurotax::kernels::genus_words::distinct_words(mates, seen, words);
    benchmark::DoNotOptimize(words.data());
  }
  state.counters["bases/s"] = benchmark::Counter(static_cast<double>(state.iterations() * 500), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DistinctWords);

/// 200 genera x 5 sequences of 1,450 bp: conserved blocks alternate with
/// genus-specific ones, and each sequence carries a few strain differences.
struct GeneratedReference {
  GeneratedReference() {
    std::mt19937_64 random(7);
    const std::string conserved = random_bases(random, 1450);
    std::string fasta;
    for (int genus = 0; genus < 200; ++genus) {
      std::string sequence = conserved;
      for (std::size_t block = 100; block + 100 < sequence.size(); block += 300) {
        const std::string variable = random_bases(random, 100);
        sequence.replace(block, 100, variable);
      }
      for (int copy = 0; copy < 5; ++copy) {
        std::string strain = sequence;
        for (int change = 0; change < 5; ++change) strain[random() % strain.size()] = "ACGT"[random() & 3U];
        fasta += ">g" + std::to_string(genus) + "_" + std::to_string(copy) + ";tax=d:Bacteria,p:P" +
                 std::to_string(genus % 5) + ",f:F" + std::to_string(genus % 20) + ",g:G" + std::to_string(genus) + ";\n" +
                 strain + "\n";
        reads.push_back(strain.substr(random() % 1200, 250));
      }
    }
    directory = std::filesystem::temp_directory_path() / "neurotax-bench";
    std::filesystem::create_directories(directory);
    neurotax::write_file_atomically((directory / "ref.fa").string(), fasta);
    neurotax::db::BuildOptions options;
    options.quiet = true;
    neurotax::db::build_database(neurotax::db::ReferenceInputs::from_fasta({(directory / "ref.fa").string()}), options,
                                 (directory / "ref.ntdb").string());
    database = std::make_unique<neurotax::db::Database>((directory / "ref.ntdb").string());
  }
  ~GeneratedReference() { std::filesystem::remove_all(directory); }
  std::filesystem::path directory;
  std::unique_ptr<neurotax::db::Database> database;
  std::vector<std::string> reads;
};

void BM_TableLookup(benchmark::State& state) {
  static GeneratedReference reference;
  // Minimizers of the reads: about half are in the table, as in real reads.
  std::vector<std::uint64_t> queries;
  neurotax::kernels::MinimizerScanner scanner(reference.database->minimizer_params());
  std::vector<std::uint64_t> values;
  for (const std::string& read : reference.reads) {
    scanner.scan(read, values);
    for (const std::uint64_t value : values)
      if (value != neurotax::kernels::kAmbiguousKmer) queries.push_back(value ^ (queries.size() % 2 == 0 ? 0 : 1));
  }
  const auto& index = reference.database->index();
  std::size_t next = 0;
  std::size_t found = 0;
  for (auto _ : state) {
    found += index.find(queries[next]) != nullptr;
    next = next + 1 == queries.size() ? 0 : next + 1;
  }
  benchmark::DoNotOptimize(found);
  state.counters["lookups/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TableLookup);

void BM_ClassifyRead(benchmark::State& state) {
  static GeneratedReference reference;
  neurotax::kernels::ReadClassifier classifier(reference.database->index(), reference.database->taxonomy(),
                                               reference.database->minimizer_params(), {});
  neurotax::kernels::ReadCall call;
  neurotax::kernels::ReadEvidence evidence;
  std::size_t next = 0;
  for (auto _ : state) {
    const std::string_view read = reference.reads[next++ % reference.reads.size()];
    classifier.classify(std::span(&read, 1), call, evidence);
    benchmark::DoNotOptimize(call.taxon);
  }
  state.counters["reads/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ClassifyRead);

}  // namespace

BENCHMARK_MAIN();
