// Read files through HTSlib and our fragment batching: FASTQ, FASTA, SAM text;
// single, interleaved, and paired from two files (the input split at "\n===\n").
// Bad input must end in InputError, never a crash, hang or leak.
#include "fuzz_input.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/pipeline/read_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace neurotax;
  if (size == 0) return 0;
  const auto mode = static_cast<pipeline::PairingMode>(data[0] % 3);
  const auto [first, second] = fuzz::split_input(data + 1, size - 1);
  const std::string r1 = fuzz::scratch().file("r1.fq"), r2 = fuzz::scratch().file("r2.fq");
  fuzz::write_file(r1, first);
  std::vector<std::string> paths{r1};
  if (mode == pipeline::PairingMode::kPaired) {
    fuzz::write_file(r2, second);
    paths.push_back(r2);
  }
  try {
    pipeline::FragmentReader reader(paths, mode);
    pipeline::ReadBatch batch;
    // Small batches, so that records cross batch boundaries.
    while (reader.next_batch(batch, 3, 200)) {
      for (std::size_t i = 0; i < batch.size; ++i)
        if (batch.fragments[i].mates[0].size() > size * 4 + 16) std::abort();  // a read cannot grow past its input
    }
  } catch (const InputError&) {
  }
  return 0;
}
