#!/usr/bin/env python3
"""Fits the logistic functions with which step 4 of the call weighs the
minimizers' genus call and the second opinions of it, the nearest references'
and the genus word model's (kernels/word_weighing.hpp), on the simulated read sets of one or more
classify_vs_peers.py work folders (each with its database n.ntdb, built
without its held-out sequences, and its eight sets with their truth: held-out
and in-database V4 pairs, V4 singles, 150 bp fragments and full-length reads;
folders made with different --seed hold out different sequences).

neurotax-call-features gives each fragment's case and feature vector; each
case's function is fitted by logistic regression (Newton's method, a little
ridge), every set weighing alike:
  sure      P(genus right) of a call the minimizers are sure of;
  agreed    P(genus right) when the nearest references name the same genus;
  disputed  P(the minimizers' genus right) and P(the nearest references' genus
            right) when they differ;
  unplaced  P(the nearest references' genus right) when the minimizers name no
            genus and the opinions judge the genera of their leading candidates.
These are fitted on every fragment. A long fragment's (a full-length read's)
agreed and disputed calls are weighed by functions of their own, long-agreed
and long-disputed, whose features have the nearest references' bootstrap in
the length's place, fitted on the long fragments alone.
With --write, the weights replace kernels/src/word_weighing_weights.cpp.
--sources heldout fits on the held-out sets alone; --abundance gut,even adds
the sets of classify_vs_peers.py --abundance even (every source sequence alike).
Usage: fit_word_weighing.py --workdir DIR [DIR...] [--sources heldout,indb] [--abundance gut,even] [--tool BIN] [--write]
"""
import argparse
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_vs_peers  # noqa: E402
import evaluate_calls  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RIDGE = 1e-3
# neurotax-call-features names a long fragment's placed cases with this prefix
# (in a second row of the fragment's, after the general case's).
LONG = "long-"
# The functions of the cases the minimizers place, in word_weighing.hpp's PlacedWeights order.
PLACED = ("agreed", "minimizers_disputed", "nearest_disputed")
CASES = ("sure", *PLACED, "unplaced", *(LONG + case for case in PLACED))


def logistic(z):
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def solve(matrix, vector):
    """Gaussian elimination with partial pivoting."""
    size = len(vector)
    rows = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for i in range(size):
        pivot = max(range(i, size), key=lambda r: abs(rows[r][i]))
        rows[i], rows[pivot] = rows[pivot], rows[i]
        for r in range(size):
            if r != i:
                factor = rows[r][i] / rows[i][i]
                for c in range(i, size + 1):
                    rows[r][c] -= factor * rows[i][c]
    return [rows[i][size] / rows[i][i] for i in range(size)]


def fit(features, outcomes, iterations=25):
    """Ridge-penalised logistic regression by Newton's method."""
    size = len(features[0])
    weights = [0.0] * size
    for _ in range(iterations):
        gradient = [RIDGE * w for w in weights]
        hessian = [[RIDGE if i == j else 0.0 for j in range(size)] for i in range(size)]
        for x, y in zip(features, outcomes):
            p = logistic(sum(w * v for w, v in zip(weights, x)))
            for i in range(size):
                gradient[i] += (p - y) * x[i]
                for j in range(i + 1):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(size):
            for j in range(i + 1, size):
                hessian[i][j] = hessian[j][i]
        step = solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return weights


def features_of(tool, database, workdir, name):
    reads = [os.path.join(workdir, f"{name}_R1.fq.gz")]
    mate2 = os.path.join(workdir, f"{name}_R2.fq.gz")
    if os.path.exists(mate2):
        reads += ["--paired", mate2]
    output = subprocess.run([tool, "--db", database] + reads, check=True, capture_output=True, text=True).stdout
    for line in output.splitlines():
        fields = line.split("\t")
        yield evaluate_calls.strip_mate(fields[0]), fields[1], fields[2], fields[3], [float(v) for v in fields[4:]]


def fitted_sets(sources, abundances):
    """The names of the work folder's read sets from `sources` (heldout, indb)
    and of `abundances` (gut, even), as classify_vs_peers.py names them."""
    for abundance in abundances:
        if abundance not in classify_vs_peers.SET_SUFFIXES:
            raise SystemExit(f"fit_word_weighing.py: --abundance takes gut and/or even, not {abundance}")
    by_abundance = [classify_vs_peers.accuracy_sets(abundance) for abundance in abundances]
    return [name for same_set in zip(*by_abundance) for name, _, source in same_set if source in sources]


def cpp_array(weights):
    return "{" + ", ".join(f"{w:.6g}" for w in weights) + "}"


def placed_weights(weights, prefix):
    """A PlacedWeights initialiser of the cases named with `prefix`."""
    return ("{\n" + "".join(f"        .{case} = {cpp_array(weights[prefix + case])},\n"
                             for case in PLACED) + "    }")


def add_row(cases, case, x, minimizer_genus, nearest_genus, right):
    """Adds one fragment's row of neurotax-call-features' `case` to the fitted cases: a disputed
    call to both functions of its dispute, each with whether its genus is right."""
    prefix = LONG if case.startswith(LONG) else ""
    if case == prefix + "disputed":
        for fitted, genus in (("minimizers_disputed", minimizer_genus), ("nearest_disputed", nearest_genus)):
            cases[prefix + fitted][0].append(x)
            cases[prefix + fitted][1].append(float(genus == right))
    else:
        cases[case][0].append(x)
        cases[case][1].append(float((nearest_genus if case == "unplaced" else minimizer_genus) == right))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", required=True, nargs="+")
    parser.add_argument("--tool", default=os.path.join(REPO, "build/bench/benchmarks/neurotax-call-features"))
    parser.add_argument("--sources", default="heldout,indb", help="which sets to fit on: heldout, indb or both")
    parser.add_argument("--abundance", default="gut", help="which sets' abundances to fit on: gut, even (classify_vs_peers.py "
                                                            "--abundance even's *.even sets) or both")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    cases = {name: ([], []) for name in CASES}
    sources = args.sources.split(",")
    sets = fitted_sets(sources, args.abundance.split(","))
    for workdir, name in ((workdir, name) for workdir in args.workdir for name in sets):
        truth = evaluate_calls.load_truth(os.path.join(workdir, f"{name}.truth.tsv"))
        database = os.path.join(workdir, "n.ntdb")
        for read, case, minimizer_genus, nearest_genus, x in features_of(args.tool, database, workdir, name):
            add_row(cases, case, x, minimizer_genus, nearest_genus, truth.get(read))
    weights = {}
    for case, (x, y) in cases.items():
        weights[case] = fit(x, y)
        print(f"{case}: {len(y)} fragments, {sum(y) / len(y):.3f} right; weights {cpp_array(weights[case])}",
              file=sys.stderr)

    options = "".join(f" --{name} {value}" for name, value in (("sources", args.sources), ("abundance", args.abundance))
                      if value != parser.get_default(name))
    source = f"""// Written by benchmarks/macro/fit_word_weighing.py --workdir {' '.join(os.path.basename(w.rstrip('/')) for w in args.workdir)}{options} --write
// (classify_vs_peers.py work folders): the weighing of step 4 of the call
// (word_weighing.hpp), fitted on their simulated read sets. Feature order: word_weighing.hpp.
#include "neurotax/kernels/word_weighing.hpp"

namespace neurotax::kernels::word_weighing {{

const Weights kFittedWeights{{
    .sure = {cpp_array(weights['sure'])},
    .placed = {placed_weights(weights, '')},
    .long_placed = {placed_weights(weights, LONG)},
    .unplaced = {cpp_array(weights['unplaced'])},
}};

}}  // namespace neurotax::kernels::word_weighing
"""
    if args.write:
        with open(os.path.join(REPO, "kernels/src/word_weighing_weights.cpp"), "w") as out:
            out.write(source)
    else:
        print(source)


if __name__ == "__main__":
    main()
