// The knowledge-base TSV reader: the input is a user's extra fact file
// (`--kb`), loaded on top of the curated knowledge base.
#include "fuzz_input.hpp"
#include "neurotax/common/errors.hpp"
#include "neurotax/db/knowledge_base.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace neurotax;
  const std::string path = fuzz::scratch().file("extra_kb.tsv");
  fuzz::write_file(path, std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const db::KnowledgeBase knowledge = db::KnowledgeBase::load(NEUROTAX_KB_DIR, {path});
    for (const auto& fact : knowledge.facts())
      if (fact.grade < 'A' || fact.grade > 'E') std::abort();
  } catch (const InputError&) {
  }
  return 0;
}
