#include "neurotax/common/staged_outputs.hpp"

#include <algorithm>
#include <filesystem>

#include "neurotax/common/errors.hpp"

namespace neurotax {

namespace fs = std::filesystem;

StagedOutputs::StagedOutputs(std::string directory, const std::string& tag)
    : directory_(std::move(directory)), staging_((fs::path(directory_) / ("." + tag + ".partial")).string()) {
  std::error_code error;
  fs::remove_all(staging_, error);
  fs::create_directories(staging_, error);
  if (error) throw InputError(staging_ + ": cannot create the staging folder: " + error.message());
}

StagedOutputs::~StagedOutputs() {
  std::error_code ignored;
  if (!committed_) fs::remove_all(staging_, ignored);
}

std::string StagedOutputs::path(const std::string& name) const { return (fs::path(staging_) / name).string(); }

std::vector<std::string> StagedOutputs::commit() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(staging_)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<std::string> finals;
  for (const std::string& name : names) {
    const std::string target = (fs::path(directory_) / name).string();
    std::error_code error;
    fs::rename(fs::path(staging_) / name, target, error);
    if (error) throw InputError(target + ": cannot move into place: " + error.message());
    finals.push_back(target);
  }
  committed_ = true;
  std::error_code ignored;
  fs::remove(staging_, ignored);
  return finals;
}

}  // namespace neurotax
