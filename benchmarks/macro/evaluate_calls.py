#!/usr/bin/env python3
"""Genus-level precision and recall of per-read calls against a simulator's truth.

Reads Kraken-format per-read output (neurotax or Kraken 2; column 3 is the taxid),
or vsearch SINTAX tabbed output, maps each call to its genus through an NCBI-style
taxdump, and compares with the truth TSV of neurotax-simulate.
  precision = correct genus calls / genus calls (calls at genus rank or below)
  recall    = correct genus calls / reads
With --lineage (neurotax's per-read lineage TSV) it also prints a calibration
table: of the reads whose best genus has a confidence in each bin, how many
have the right genus.
"""
import argparse
import gzip
import sys


def open_text(path):
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path)


def load_taxdump(folder):
    parent, rank, name = {}, {}, {}
    with open(folder + "/nodes.dmp") as nodes:
        for line in nodes:
            fields = [f.strip() for f in line.split("|")]
            parent[fields[0]] = fields[1]
            rank[fields[0]] = fields[2]
    with open(folder + "/names.dmp") as names:
        for line in names:
            fields = [f.strip() for f in line.split("|")]
            if fields[3] == "scientific name":
                name[fields[0]] = fields[1]
    return parent, rank, name


def genus_of(taxid, parent, rank, name, cache={}):
    if taxid in cache:
        return cache[taxid]
    current, genus = taxid, None
    while current in parent:
        if rank[current] == "genus":
            genus = name[current]
            break
        if parent[current] == current:
            break
        current = parent[current]
    cache[taxid] = genus
    return genus


def load_truth(path):
    truth = {}
    with open(path) as table:
        next(table)
        for line in table:
            fields = line.rstrip("\n").split("\t")
            truth[fields[0]] = fields[2]
    return truth


def strip_mate(read_id):
    return read_id[:-2] if len(read_id) > 2 and read_id[-2] in "/._" and read_id[-1].isdigit() else read_id


def kraken_calls(path, taxdump):
    parent, rank, name = taxdump
    calls = {}
    with open_text(path) as output:
        for line in output:
            fields = line.split("\t", 3)
            taxid = fields[2]
            if "(taxid " in taxid:
                taxid = taxid.rsplit("(taxid ", 1)[1].rstrip(")")
            calls[strip_mate(fields[1])] = genus_of(taxid, parent, rank, name) if fields[0] == "C" else None
    return calls


def sintax_calls(path):
    calls = {}
    with open_text(path) as output:
        for line in output:
            fields = line.rstrip("\n").split("\t")
            read = strip_mate(fields[0].split(";")[0])
            genus = None
            if len(fields) > 3:
                for item in fields[3].split(","):
                    if item.startswith("g:"):
                        genus = item[2:]
            calls[read] = genus
    return calls


def score(calls, truth, limit=None):
    reads = list(truth)[:limit] if limit else list(truth)
    genus_calls = correct = 0
    for read in reads:
        call = calls.get(read)
        if call is not None:
            genus_calls += 1
            correct += call == truth[read]
    precision = correct / genus_calls if genus_calls else 0.0
    recall = correct / len(reads) if reads else 0.0
    return precision, recall, len(reads)


def lineage_items(field):
    """(rank letter, taxon name, confidence) of each item of a lineage TSV's
    second field: d:Bacteria(1.00),...,g:Bacillus(0.93)."""
    for item in field.split(","):
        taxon, confidence = item.rsplit("(", 1)
        rank, name = taxon.split(":", 1)
        yield rank, name, float(confidence.rstrip(")"))


def calibration(lineage_path, truth):
    bins = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
    counts = [[0, 0] for _ in bins]
    with open_text(lineage_path) as table:
        for line in table:
            fields = line.rstrip("\n").split("\t")
            read = strip_mate(fields[0])
            if read not in truth or len(fields) < 2:
                continue
            for rank, genus, confidence in lineage_items(fields[1]) if fields[1] else ():
                if rank == "g":
                    for index, (low, high) in enumerate(bins):
                        if low <= confidence < high:
                            counts[index][0] += 1
                            counts[index][1] += genus == truth[read]
    return [(low, high, n, correct) for (low, high), (n, correct) in zip(bins, counts)]


def genus_confidences(lineage_path, truth):
    """Per read of `truth`: (the confidence down to its best genus, whether that genus is right).

    neurotax calls the deepest rank down to which every confidence reaches the
    threshold, so a read has a genus call at threshold t exactly when the
    smallest confidence from the domain to the genus reaches t. Reads without a
    genus (unclassified, or a best candidate above the genus) get (0, False).
    """
    confidences = {read: (0.0, False) for read in truth}
    with open_text(lineage_path) as table:
        for line in table:
            fields = line.rstrip("\n").split("\t")
            read = strip_mate(fields[0])
            if read not in truth or len(fields) < 2 or not fields[1]:
                continue
            lowest, genus = 1.0, None
            for rank, name, confidence in lineage_items(fields[1]):
                if rank == "s":
                    continue
                lowest = min(lowest, confidence)
                if rank == "g":
                    genus = name
            if genus is not None:
                confidences[read] = (lowest, genus == truth[read])
    return confidences


def precision_recall_curve(confidences, limit=None):
    """(threshold, precision, recall) at every distinct confidence, highest first,
    over the first `limit` reads of `confidences` (all when None)."""
    reads = list(confidences.values())[:limit] if limit else list(confidences.values())
    ranked = sorted(reads, key=lambda pair: -pair[0])
    curve, correct = [], 0
    for index, (confidence, right) in enumerate(ranked):
        correct += right
        last_of_level = index + 1 == len(ranked) or ranked[index + 1][0] != confidence
        if last_of_level and confidence > 0.0:
            curve.append((confidence, correct / (index + 1), correct / len(ranked)))
    return curve


def point_at(curve, threshold):
    """(precision, recall) of the calls at confidence `threshold` ((0, 0) when none reaches it)."""
    # The curve runs from the highest threshold down: its last point at or above the threshold is the threshold's.
    return next(((precision, recall) for level, precision, recall in reversed(curve) if level >= threshold), (0.0, 0.0))


def recall_at_precision(curve, precision):
    """The highest recall of a threshold whose precision reaches `precision` (0 if none does)."""
    return max((recall for _, reached, recall in curve if reached >= precision), default=0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--truth", required=True)
    parser.add_argument("--taxdump", help="folder with nodes.dmp and names.dmp (for Kraken-format calls)")
    parser.add_argument("--kraken", help="Kraken-format per-read output")
    parser.add_argument("--sintax", help="vsearch --sintax --tabbedout output")
    parser.add_argument("--lineage", help="neurotax per-read lineage TSV, for the calibration table")
    parser.add_argument("--limit", type=int, help="score only the first N reads of the truth")
    arguments = parser.parse_args()
    truth = load_truth(arguments.truth)
    if arguments.kraken:
        calls = kraken_calls(arguments.kraken, load_taxdump(arguments.taxdump))
    elif arguments.sintax:
        calls = sintax_calls(arguments.sintax)
    else:
        calls = {}
    precision, recall, reads = score(calls, truth, arguments.limit)
    print(f"precision\t{precision:.4f}\nrecall\t{recall:.4f}\nreads\t{reads}")
    if arguments.lineage:
        for low, high, n, correct in calibration(arguments.lineage, truth):
            share = correct / n if n else float("nan")
            print(f"calibration\t{low:.2f}-{min(high, 1.0):.2f}\t{n}\t{share:.4f}")


if __name__ == "__main__":
    sys.exit(main())
