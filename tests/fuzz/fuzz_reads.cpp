// Read files through HTSlib and our fragment batching: FASTQ, FASTA, SAM text;
// single, interleaved, and paired from two files (the input split at "\n===\n").
// Bad input must end in InputError, never a crash, hang or leak. Each fragment
// read is then reconciled as classify reads it (ReconciledMates): the mates
// keep their lengths and differ from the fragment's at the settled bases alone,
// and the words' mates differ from them only by masked bases.
#include "fuzz_input.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/pipeline/mate_reconciliation.hpp"
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
    pipeline::ReconciledMates reconciled;
    // Small batches, so that records cross batch boundaries.
    while (reader.next_batch(batch, 3, 200)) {
      for (std::size_t i = 0; i < batch.size; ++i) {
        const pipeline::Fragment& fragment = batch.fragments[i];
        if (fragment.mates[0].size() > size * 4 + 16) std::abort();  // a read cannot grow past its input
        reconciled.take(fragment, true);
        std::size_t differing = 0;
        for (std::size_t m = 0; m < reconciled.mates().size(); ++m) {
          const std::string_view mate = reconciled.mates()[m];
          if (mate.size() != fragment.mates[m].size()) std::abort();
          for (std::size_t b = 0; b < mate.size(); ++b) differing += mate[b] != fragment.mates[m][b];
          const std::string_view word_mate = reconciled.word_mates()[m];
          if (word_mate.size() != mate.size()) std::abort();
          for (std::size_t b = 0; b < mate.size(); ++b)
            if (word_mate[b] != mate[b] && word_mate[b] != 'N') std::abort();
        }
        if (differing != reconciled.settled()) std::abort();
      }
    }
  } catch (const InputError&) {
  }
  return 0;
}
