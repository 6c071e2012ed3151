#pragma once
#include <string>
#include <vector>

namespace neurotax {

/// Outputs that appear together or not at all: they are written into a hidden
/// staging folder inside `directory` and moved to their final names by
/// commit(). A sample that fails or is interrupted leaves none of its files
/// under final names; destroyed without commit(), the staging folder is
/// removed, and a stale one from a killed run is cleared on construction.
class StagedOutputs {
 public:
  StagedOutputs(std::string directory, const std::string& tag);
  ~StagedOutputs();
  StagedOutputs(const StagedOutputs&) = delete;
  StagedOutputs& operator=(const StagedOutputs&) = delete;

  /// Where to write the file that will be `directory`/`name`.
  [[nodiscard]] std::string path(const std::string& name) const;
  /// Moves every file written to its final name; returns the final paths.
  std::vector<std::string> commit();

 private:
  std::string directory_;
  std::string staging_;
  bool committed_ = false;
};

}  // namespace neurotax
