// neurotax-parse-ceiling: reads fragments through the same FragmentReader the
// classifier uses and does nothing else, to measure the decompress-and-parse
// ceiling that classification speed is compared with.
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "neurotax/pipeline/read_source.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: neurotax-parse-ceiling [--paired] READS...\n");
    return 2;
  }
  std::vector<std::string> paths;
  bool paired = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--paired")
      paired = true;
    else
      paths.emplace_back(argv[i]);
  }
  try {
    const auto start = std::chrono::steady_clock::now();
    neurotax::pipeline::FragmentReader reader(paths, paired ? neurotax::pipeline::PairingMode::kPaired
                                                            : neurotax::pipeline::PairingMode::kSingle);
    neurotax::pipeline::ReadBatch batch;
    std::uint64_t bases = 0;
    while (reader.next_batch(batch, 4096, std::size_t{4} << 20))
      for (std::size_t i = 0; i < batch.size; ++i) bases += batch.fragments[i].mates[0].size() + batch.fragments[i].mates[1].size();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("fragments\t%llu\nbases\t%llu\nseconds\t%.3f\nfragments_per_second\t%.0f\n",
                static_cast<unsigned long long>(reader.fragments_read()), static_cast<unsigned long long>(bases), seconds,
                static_cast<double>(reader.fragments_read()) / seconds);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "neurotax-parse-ceiling: error: %s\n", error.what());
    return 1;
  }
  return 0;
}
