#!/usr/bin/env python3
"""Genus-level abundance accuracy on simulated mixes of known composition, and
the real PacBio ZymoBIOMICS mock (DADA2's samPB.fastq.gz) beside its published
composition.

Needs the working folder of classify_vs_peers.py (same --workdir): its neurotax
and Kraken 2 databases, taxonomy and simulated read sets. For each read set it
prints the L1 distance and the Bray-Curtis dissimilarity between the true genus
composition of the reads and:
  neurotax            `neurotax run` (EM re-estimation over the classifier's candidates)
  neurotax raw        neurotax's kreport genus clade counts, no re-estimation
  Kraken 2 raw        kraken2 --report genus clade counts
  Kraken 2 + EM       Kraken 2's per-read output re-estimated by `neurotax
                      abundance` (Bracken itself is not packaged in Debian)
Usage: abundance_vs_truth.py --workdir DIR [--neurotax BIN] [--threads 2]
"""
import argparse
import collections
import os
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# ZymoBIOMICS D6300, theoretical composition by 16S gene copies (Zymo's protocol, "16S only").
ZYMO_16S = {"Bacillus": 17.4, "Listeria": 14.1, "Staphylococcus": 15.5, "Enterococcus": 9.9,
            "Lactobacillus": 18.4, "Salmonella": 10.4, "Escherichia/Shigella": 10.1, "Pseudomonas": 4.2}


def proportions(counts):
    total = sum(counts.values())
    return {name: value / total for name, value in counts.items() if value > 0} if total else {}


def distances(truth, estimate):
    names = set(truth) | set(estimate)
    l1 = sum(abs(truth.get(n, 0.0) - estimate.get(n, 0.0)) for n in names)
    shared = sum(min(truth.get(n, 0.0), estimate.get(n, 0.0)) for n in names)
    return l1, 1.0 - 2.0 * shared / (sum(truth.values()) + sum(estimate.values()))


def kreport_genera(path):
    counts = {}
    for line in open(path):
        fields = line.rstrip("\n").split("\t")
        if len(fields) == 6 and fields[3] == "G":
            counts[fields[5].strip()] = int(fields[1])
    return counts


def abundance_rows(path):
    """name -> (estimated reads, read fraction, cell fraction) from a neurotax abundance table."""
    rows = {}
    for line in open(path):
        if line.startswith("#") or line.startswith("taxid\t"):
            continue
        fields = line.rstrip("\n").split("\t")
        rows[fields[1]] = (int(fields[5]), float(fields[6]), float(fields[9]))
    return rows


def abundance_genera(path):
    return {name: reads for name, (reads, _, _) in abundance_rows(path).items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--neurotax", default=os.path.join(REPO, "build/release/pipeline/neurotax"))
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    path = lambda name: os.path.join(args.workdir, name)  # noqa: E731
    run = lambda command: subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: E731

    print(f"{'read set':<20} {'method':<16} {'L1':>6} {'Bray-Curtis':>12}")
    for name in ("v4-paired.heldout", "v4-paired.indb", "v4-single.heldout", "full.heldout", "fragment.heldout"):
        reads = [path(name + "_R1.fq.gz")] + ([path(name + "_R2.fq.gz")] if os.path.exists(path(name + "_R2.fq.gz")) else [])
        paired = ["--paired"] if len(reads) == 2 else []
        truth = proportions(collections.Counter(
            line.split("\t")[2] for index, line in enumerate(open(path(name + ".truth.tsv"))) if index > 0))
        run([args.neurotax, "run", "--quiet", "--threads", args.threads, "--db", path("n.ntdb"), "--no-per-read",
             "--outdir", args.workdir, "--sample", "ab.n"] + reads)
        run(["kraken2", "--db", path("k2"), "--threads", args.threads, "--output", path("ab.k.kraken"), "--report",
             path("ab.k.kreport")] + paired + reads)
        run([args.neurotax, "abundance", "--db", path("n.ntdb"), "--output", path("ab.k"), path("ab.k.kraken")])
        for method, counts in (("neurotax", abundance_genera(path("ab.n.abundance.tsv"))),
                               ("neurotax raw", kreport_genera(path("ab.n.kreport"))),
                               ("Kraken 2 raw", kreport_genera(path("ab.k.kreport"))),
                               ("Kraken 2 + EM", abundance_genera(path("ab.k.abundance.tsv")))):
            l1, bray_curtis = distances(truth, proportions(counts))
            print(f"{name:<20} {method:<16} {l1:6.3f} {bray_curtis:12.3f}", flush=True)

    mock = os.path.join(REPO, "data/debian/usr/lib/R/site-library/dada2/extdata/samPB.fastq.gz")
    copies = os.path.join(REPO, "data/debian/usr/share/doc/rdp-classifier/examples/samplefiles/rrnDBv4.2.2_copynumber.txt")
    run([args.neurotax, "build-db", "--quiet", "--format", "ncbi", "--taxonomy", path("taxdump"), "--copy-numbers", copies,
         "--output", path("zymo.ntdb"), path("labelled.fa")])
    run([args.neurotax, "run", "--quiet", "--threads", args.threads, "--db", path("zymo.ntdb"), "--outdir",
         path("zymo"), "--sample", "samPB", mock])
    rows = {name: (read_fraction, cell_fraction)
            for name, (_, read_fraction, cell_fraction) in abundance_rows(path("zymo/samPB.abundance.tsv")).items()}
    print("\nZymoBIOMICS mock, PacBio full-length reads (samPB), default database, genus level")
    print(f"{'genus':<22} {'published 16S %':>15} {'neurotax reads %':>17} {'neurotax cells %':>17}")
    for genus, published in ZYMO_16S.items():
        read_fraction, cell_fraction = rows.get(genus, (0.0, 0.0))
        print(f"{genus:<22} {published:15.1f} {100 * read_fraction:17.1f} {100 * cell_fraction:17.1f}")
    others = sum(fraction for genus, (fraction, _) in rows.items() if genus not in ZYMO_16S)
    print(f"{'(other genera)':<22} {0.0:15.1f} {100 * others:17.1f}")
    l1, bray_curtis = distances({g: v / 100 for g, v in ZYMO_16S.items()}, {g: f for g, (f, _) in rows.items()})
    print(f"L1 {l1:.3f}, Bray-Curtis {bray_curtis:.3f} against the published 16S composition")


if __name__ == "__main__":
    sys.exit(main())
