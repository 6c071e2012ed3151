// neurotax-simulate: deterministic 16S read simulator with truth, for the
// accuracy and speed benchmarks. From a labelled reference (SINTAX FASTA whose
// ids carry kraken:taxid|N, as `neurotax build-db --write-reference` writes it)
// it holds out one sequence of a fraction of the genera that have several
// ("novel strains": the genus stays in the database, the sequence does not),
// writes the database reference without them, and simulates reads from the
// held-out or the in-database sequences:
//   v4-paired   2x250 MiSeq pairs of the V4 amplicon cut with 515F/806R
//   v4-single   single 250 bp reads of the same amplicon
//   fragment    150 bp fragments from anywhere, either strand (never repeat)
//   full        full-length reads, either strand, CCS-like errors
// Genera are drawn with log-normal weights (a gut-like skew); --community N
// restricts a sample to N source sequences, as in a real amplicon sample.
// Errors follow a MiSeq-like profile rising towards the read ends, R2 worse than R1,
// or (--quality-profile, v4 pairs) the quality strings of real MiSeq reads.
// Reads carry no ambiguity codes: each reference's are resolved to one
// allowed base, as the organism it was read from has.
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Reference {
  std::string id;
  std::string taxid;
  std::string genus;
  std::string species;
  std::string sequence;
  std::string header;
};

std::vector<Reference> read_reference(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error(path + ": cannot open");
  std::vector<Reference> references;
  std::string text;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
  gzclose(file);
  std::size_t position = 0;
  while ((position = text.find('>', position)) != std::string::npos) {
    const std::size_t end_of_header = text.find('\n', position);
    const std::size_t next = text.find('>', end_of_header);
    Reference reference;
    reference.header = text.substr(position + 1, end_of_header - position - 1);
    for (std::size_t i = end_of_header + 1; i < std::min(next, text.size()); ++i)
      if (text[i] != '\n' && text[i] != '\r') reference.sequence += static_cast<char>(std::toupper(text[i]));
    const auto tag = reference.header.find("|kraken:taxid|");
    const auto tax = reference.header.find(";tax=");
    if (tag == std::string::npos || tax == std::string::npos)
      throw std::runtime_error(path + ": headers must look like >id|kraken:taxid|N;tax=...; (neurotax build-db --write-reference)");
    reference.id = reference.header.substr(0, tag);
    reference.taxid = reference.header.substr(tag + 14, tax - tag - 14);
    std::string lineage = reference.header.substr(tax + 5);
    std::size_t start = 0;
    while (start < lineage.size()) {
      std::size_t comma = lineage.find(',', start);
      if (comma == std::string::npos) comma = lineage.size();
      std::string item = lineage.substr(start, comma - start);
      while (!item.empty() && item.back() == ';') item.pop_back();
      if (item.rfind("g:", 0) == 0) reference.genus = item.substr(2);
      if (item.rfind("s:", 0) == 0) reference.species = item.substr(2);
      start = comma + 1;
    }
    if (!reference.genus.empty()) references.push_back(std::move(reference));
    position = next == std::string::npos ? text.size() : next;
  }
  return references;
}

/// The bases an IUPAC code stands for (N and anything unknown: all four).
std::string_view compatible_bases(char code) {
  switch (code) {
    case 'A': return "A";
    case 'C': return "C";
    case 'G': return "G";
    case 'T': case 'U': return "T";
    case 'R': return "AG";
    case 'Y': return "CT";
    case 'M': return "AC";
    case 'K': return "GT";
    case 'S': return "CG";
    case 'W': return "AT";
    case 'B': return "CGT";
    case 'D': return "AGT";
    case 'H': return "ACT";
    case 'V': return "ACG";
    default: return "ACGT";
  }
}

/// The organism behind a reference sequence. A reference's ambiguity codes
/// record what its Sanger trace could not decide, but the organism has one
/// base there, and so has every read a sequencer writes of it: each code
/// becomes one of the bases it allows, drawn once per sequence (the same in
/// every mode and every read), from the seed and the sequence's number alone.
std::string organism_sequence(const std::string& reference, std::uint64_t seed, std::uint64_t number) {
  std::seed_seq sequence_seed{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                              static_cast<std::uint32_t>(number), static_cast<std::uint32_t>(number >> 32)};
  std::mt19937_64 random(sequence_seed);
  std::string organism = reference;
  for (char& base : organism) {
    const std::string_view bases = compatible_bases(base);
    base = bases.size() == 1 ? bases[0] : bases[random() % bases.size()];
  }
  return organism;
}

bool iupac_match(char primer, char base) { return compatible_bases(primer).find(base) != std::string_view::npos; }

/// First position where `primer` matches with at most `mismatches`, or npos.
std::size_t find_primer(const std::string& sequence, const std::string& primer, int mismatches, std::size_t from = 0) {
  for (std::size_t i = from; i + primer.size() <= sequence.size(); ++i) {
    int misses = 0;
    for (std::size_t j = 0; j < primer.size() && misses <= mismatches; ++j) misses += !iupac_match(primer[j], sequence[i + j]);
    if (misses <= mismatches) return i;
  }
  return std::string::npos;
}

std::string reverse_complement(std::string sequence) {
  std::reverse(sequence.begin(), sequence.end());
  for (char& base : sequence) {
    switch (base) {
      case 'A': base = 'T'; break;
      case 'C': base = 'G'; break;
      case 'G': base = 'C'; break;
      case 'T': base = 'A'; break;
      case 'R': base = 'Y'; break;
      case 'Y': base = 'R'; break;
      case 'M': base = 'K'; break;
      case 'K': base = 'M'; break;
      case 'V': base = 'B'; break;
      case 'B': base = 'V'; break;
      case 'H': base = 'D'; break;
      case 'D': base = 'H'; break;
      default: break;
    }
  }
  return sequence;
}

/// The V4 amplicon between 515F and 806R (primers excluded, as reads are
/// usually primer-trimmed), or empty when either primer is missing.
std::string v4_amplicon(const std::string& sequence) {
  static const std::string forward = "GTGYCAGCMGCCGCGGTAA";
  static const std::string reverse = reverse_complement("GGACTACNVGGGTWTCTAAT");
  const std::size_t start = find_primer(sequence, forward, 2);
  if (start == std::string::npos) return {};
  const std::size_t stop = find_primer(sequence, reverse, 2, start + forward.size());
  if (stop == std::string::npos || stop - start > 400) return {};
  return sequence.substr(start + forward.size(), stop - start - forward.size());
}

/// `read` with sequencing errors: base i is substituted with probability
/// substitution(i), and an indel (deletion or insertion before it) occurs
/// with probability `indel`; quality(i) is written beside every base that
/// base i gives.
template <typename Substitution, typename Quality>
std::pair<std::string, std::string> with_errors(const std::string& read, double indel, Substitution substitution,
                                                Quality quality, std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  static constexpr char kBases[] = "ACGT";
  std::string out, qualities;
  out.reserve(read.size() + 4);
  qualities.reserve(read.size() + 4);
  for (std::size_t i = 0; i < read.size(); ++i) {
    const double draw = unit(random);
    if (draw < indel / 2) continue;  // deletion
    if (draw < indel) {  // insertion before the base
      out += kBases[random() & 3U];
      qualities += quality(i);
    }
    if (unit(random) < substitution(i)) {
      char base = kBases[random() & 3U];
      while (base == read[i]) base = kBases[random() & 3U];
      out += base;
    } else {
      out += read[i];
    }
    qualities += quality(i);
  }
  return {out, qualities};
}

/// Substitutions rising quadratically from one rate at the read's start to
/// another at its end (qualities written as 'F').
class ErrorModel {
 public:
  ErrorModel(double substitution_start, double substitution_end, double indel) : start_(substitution_start), end_(substitution_end), indel_(indel) {}
  std::string apply(const std::string& read, std::mt19937_64& random) const {
    const double length = static_cast<double>(read.size());
    const auto substitution = [&](std::size_t i) {
      const double x = static_cast<double>(i) / length;
      return start_ + (end_ - start_) * x * x;
    };
    return with_errors(read, indel_, substitution, [](std::size_t) { return 'F'; }, random).first;
  }

 private:
  double start_, end_, indel_;
};

/// Errors drawn from real reads' quality strings: each simulated read takes
/// the qualities of a random real read and each base is substituted with the
/// probability its Phred score states, so errors cluster in the reads (and
/// the read ends) where a real run puts them.
class QualityDrivenErrors {
 public:
  QualityDrivenErrors(const std::string& fastq_gz, double indel) : indel_(indel) {
    gzFile file = gzopen(fastq_gz.c_str(), "rb");
    if (file == nullptr) throw std::runtime_error(fastq_gz + ": cannot open");
    char line[1 << 16];
    for (std::uint64_t n = 0; gzgets(file, line, sizeof line) != nullptr; ++n) {
      if (n % 4 != 3) continue;
      std::string quality(line);
      while (!quality.empty() && (quality.back() == '\n' || quality.back() == '\r')) quality.pop_back();
      qualities_.push_back(std::move(quality));
    }
    gzclose(file);
    if (qualities_.empty()) throw std::runtime_error(fastq_gz + ": no quality strings");
  }
  /// The read with errors, and the quality string written for it.
  std::pair<std::string, std::string> apply(const std::string& read, std::mt19937_64& random) const {
    const std::string& source = qualities_[random() % qualities_.size()];
    const auto quality = [&](std::size_t i) { return i < source.size() ? source[i] : source.back(); };
    const auto substitution = [&](std::size_t i) { return std::pow(10.0, -static_cast<double>(quality(i) - 33) / 10.0); };
    return with_errors(read, indel_, substitution, quality, random);
  }

 private:
  std::vector<std::string> qualities_;
  double indel_;
};

void write_fastq(gzFile file, const std::string& name, const std::string& sequence, std::string quality = {}) {
  if (quality.empty()) quality.assign(sequence.size(), 'F');
  const std::string record = "@" + name + "\n" + sequence + "\n+\n" + quality + "\n";
  gzwrite(file, record.data(), static_cast<unsigned>(record.size()));
}

std::string argument(std::map<std::string, std::string>& options, const std::string& name, const std::string& fallback) {
  const auto found = options.find(name);
  return found == options.end() ? fallback : found->second;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> options;
  for (int i = 1; i + 1 < argc; i += 2) options[std::string(argv[i]).substr(2)] = argv[i + 1];
  if (argc < 3 || (argc - 1) % 2 != 0 || !options.count("reference") || !options.count("out")) {
    std::fprintf(stderr,
                 "usage: neurotax-simulate --reference LABELLED.fa --out PREFIX [--mode v4-paired|v4-single|fragment|full]\n"
                 "       [--reads N] [--seed S] [--holdout-fraction F] [--source heldout|indb] [--community N]\n"
                 "       [--quality-profile R1.fq.gz,R2.fq.gz] [--abundance gut|even]\n");
    return 2;
  }
  try {
    const std::string mode = argument(options, "mode", "v4-paired");
    const std::string source = argument(options, "source", "heldout");
    const std::uint64_t reads = std::stoull(argument(options, "reads", "100000"));
    const std::uint64_t seed = std::stoull(argument(options, "seed", "1"));
    const double holdout = std::stod(argument(options, "holdout-fraction", "0.1"));
    const std::string prefix = options["out"];
    const std::vector<Reference> references = read_reference(options["reference"]);

    // The split depends on the seed alone, so every mode sees the same database.
    std::mt19937_64 split_random(seed);
    std::map<std::string, std::vector<std::size_t>> by_genus;
    for (std::size_t r = 0; r < references.size(); ++r) by_genus[references[r].genus].push_back(r);
    std::vector<bool> held_out(references.size(), false);
    // Each sequence of a genus with several is held out with probability
    // `holdout`, but every genus keeps at least one sequence in the database.
    for (const auto& [genus, members] : by_genus) {
      if (members.size() < 2) continue;
      std::size_t kept = members.size();
      for (const std::size_t member : members) {
        if (kept > 1 && std::uniform_real_distribution<double>(0, 1)(split_random) < holdout) {
          held_out[member] = true;
          --kept;
        }
      }
    }
    {
      std::ofstream database(prefix + ".db.fa");
      for (std::size_t r = 0; r < references.size(); ++r)
        if (!held_out[r]) database << '>' << references[r].header << '\n' << references[r].sequence << '\n';
    }

    // Eligible source sequences: the organisms' genes, and their amplicons.
    std::vector<std::size_t> pool;
    std::vector<std::string> organisms(references.size()), templates(references.size());
    for (std::size_t r = 0; r < references.size(); ++r) {
      if (held_out[r] != (source == "heldout")) continue;
      organisms[r] = organism_sequence(references[r].sequence, seed, r);
      if (mode == "v4-paired" || mode == "v4-single") {
        templates[r] = v4_amplicon(organisms[r]);
        if (templates[r].size() < 200) continue;
      } else if (mode == "fragment") {
        if (organisms[r].size() < 300) continue;
      } else if (mode == "full") {
        if (organisms[r].size() < 1200) continue;
      } else {
        throw std::runtime_error("unknown mode " + mode);
      }
      pool.push_back(r);
    }
    if (pool.empty()) throw std::runtime_error("no eligible source sequences");
    std::mt19937_64 random(seed * 7919 + std::hash<std::string>{}(mode + source));
    std::map<std::string, double> genus_weight;
    std::lognormal_distribution<double> skew(0.0, 1.5);
    for (const std::size_t r : pool) genus_weight.emplace(references[r].genus, 0.0);
    for (auto& [genus, weight] : genus_weight) weight = skew(random);
    std::vector<double> weights;
    std::map<std::string, std::size_t> members_in_pool;
    for (const std::size_t r : pool) ++members_in_pool[references[r].genus];
    for (const std::size_t r : pool) weights.push_back(genus_weight[references[r].genus] / static_cast<double>(members_in_pool[references[r].genus]));
    // --abundance even weighs every source sequence alike: a held-out set then
    // measures how a classifier does over many novel strains, where the gut
    // skew hands most reads to a few of them (and a seed's luck with those).
    const std::string abundance_model = argument(options, "abundance", "gut");
    if (abundance_model == "even") {
      std::fill(weights.begin(), weights.end(), 1.0);
    } else if (abundance_model != "gut") {
      throw std::runtime_error("--abundance takes gut or even, not " + abundance_model);
    }
    // A sample's community: --community N draws N source sequences (by the
    // genus weights above) and gives them log-normal abundances, as a real
    // amplicon sample holds a few hundred sequence variants rather than the
    // whole reference; 0 samples the whole pool.
    const std::size_t community = std::stoull(argument(options, "community", "0"));
    if (community > 0) {
      std::discrete_distribution<std::size_t> draw(weights.begin(), weights.end());
      std::vector<double> member_weights(pool.size(), 0.0);
      std::lognormal_distribution<double> abundance(0.0, 1.5);
      for (std::size_t m = 0; m < community; ++m) member_weights[draw(random)] += abundance(random);
      weights = std::move(member_weights);
    }
    std::discrete_distribution<std::size_t> choose(weights.begin(), weights.end());

    const ErrorModel miseq_r1(0.001, 0.012, 0.0001), miseq_r2(0.002, 0.025, 0.0001), ccs(0.003, 0.003, 0.002);
    // --quality-profile R1.fq.gz,R2.fq.gz: v4 pairs take their errors from real reads' qualities.
    std::optional<QualityDrivenErrors> real_r1, real_r2;
    if (const std::string profile = argument(options, "quality-profile", ""); !profile.empty()) {
      const std::size_t comma = profile.find(',');
      if (comma == std::string::npos || mode != "v4-paired")
        throw std::runtime_error("--quality-profile takes R1.fq.gz,R2.fq.gz, for --mode v4-paired");
      real_r1.emplace(profile.substr(0, comma), 0.0001);
      real_r2.emplace(profile.substr(comma + 1), 0.0001);
    }
    const bool paired = mode == "v4-paired";
    gzFile r1 = gzopen((prefix + "_R1.fq.gz").c_str(), "wb1");
    gzFile r2 = paired ? gzopen((prefix + "_R2.fq.gz").c_str(), "wb1") : nullptr;
    std::ofstream truth(prefix + ".truth.tsv");
    truth << "read_id\ttaxid\tgenus\tspecies\treference\n";
    for (std::uint64_t i = 0; i < reads; ++i) {
      const std::size_t chosen = pool[choose(random)];
      const Reference& reference = references[chosen];
      const std::string& organism = organisms[chosen];
      const std::string name = "read" + std::to_string(i + 1);
      const std::string& amplicon = templates[chosen];
      if (mode == "v4-paired" && real_r1) {
        const auto [mate1, quality1] = real_r1->apply(amplicon.substr(0, 250), random);
        const auto [mate2, quality2] = real_r2->apply(reverse_complement(amplicon).substr(0, 250), random);
        write_fastq(r1, name + "/1", mate1, quality1);
        write_fastq(r2, name + "/2", mate2, quality2);
      } else if (mode == "v4-paired") {
        write_fastq(r1, name + "/1", miseq_r1.apply(amplicon.substr(0, 250), random));
        write_fastq(r2, name + "/2", miseq_r2.apply(reverse_complement(amplicon).substr(0, 250), random));
      } else if (mode == "v4-single") {
        write_fastq(r1, name, miseq_r1.apply(amplicon.substr(0, 250), random));
      } else if (mode == "fragment") {
        const std::size_t start = random() % (organism.size() - 150 + 1);
        std::string fragment = organism.substr(start, 150);
        if (random() & 1U) fragment = reverse_complement(fragment);
        write_fastq(r1, name, miseq_r1.apply(fragment, random));
      } else {
        std::string full = organism;
        if (random() & 1U) full = reverse_complement(full);
        write_fastq(r1, name, ccs.apply(full, random));
      }
      truth << name << '\t' << reference.taxid << '\t' << reference.genus << '\t' << reference.species << '\t' << reference.id << '\n';
    }
    gzclose(r1);
    if (r2 != nullptr) gzclose(r2);
    std::fprintf(stderr, "%s: %llu %s reads from %zu %s sequences (%zu held out of %zu)\n", prefix.c_str(),
                 static_cast<unsigned long long>(reads), mode.c_str(), pool.size(), source.c_str(),
                 static_cast<std::size_t>(std::count(held_out.begin(), held_out.end(), true)), references.size());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "neurotax-simulate: error: %s\n", error.what());
    return 1;
  }
  return 0;
}
