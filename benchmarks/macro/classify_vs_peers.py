#!/usr/bin/env python3
"""Head-to-head: neurotax against Kraken 2 (and vsearch SINTAX and the RDP classifier for accuracy) on
one reference and the same simulated reads, with the same thread count.

1. The default reference (scripts/prepare-default-db.sh, written labelled) is
   split by neurotax-simulate: a fraction of the sequences of genera with several
   is held out ("novel strains"); both databases are built from the rest, with
   the same taxonomy and taxids (inspect-db --export-taxdump).
2. Accuracy, genus level, on held-out and in-database reads of four kinds
   (V4 2x250 pairs, V4 250 bp, 150 bp fragments, full length): neurotax at its
   default confidence (0.7) and at 0.8 and 0.5, Kraken 2 at confidence 0 and 0.1, SINTAX at cutoffs 0.8 and 0.5,
   the RDP classifier at its default confidence 0.8, trained on the same
   reference (SINTAX and RDP: V4 pairs merged with vsearch first, unmerged pairs
   as R1; the first --peer-reads reads). precision =
   correct genus calls / genus calls, recall = correct genus calls / reads.
   Then where neurotax's precision-recall curve (every confidence threshold,
   read off its per-read lineage) passes each peer's default point on the same
   reads, and whether it reaches the best corner: the best peer precision
   together with the best peer recall; and whether neurotax's default point
   itself lies beyond that corner.
   With --abundance even, the eight sets (named *.even) weigh every source
   sequence alike instead of skewing genera like a gut sample: thousands of
   novel strains rather than the few that take most of a skewed set's reads.
3. Calibration of neurotax's genus confidence on held-out V4 pairs.
4. Speed on large sets: amplicon-like V4 pairs that repeat as a real sample's
   do (a community of 300 sequence variants, errors drawn from the quality
   strings of DADA2's real MiSeq reads; the script prints how often they repeat
   next to the real sam1/sam2), V4 pairs drawn from the whole reference with
   the modelled MiSeq errors, and 150 bp fragments that never repeat: reads/s,
   peak RSS, cores kept busy, median of --runs runs (neurotax also with
   --minimizers-only), against the decompress-and-parse ceiling (thread_scaling.py's
   table at --threads), and a thread-scaling table on the fragments (1..--threads).
   With --pair-qualities dada2, the V4 pairs' errors are drawn from the quality
   strings of DADA2's real MiSeq reads, which a classifier (and vsearch's
   merging for the peers) can read, instead of modelled rates under a constant
   quality: sets named *.dada2q.
With --reuse-peers, a work folder's Kraken 2 database, RDP model and peer calls
per read set (from an earlier run of the same seed and sets) are taken as they
are, and only neurotax's database and calls are made anew: a check of a change
to neurotax's accuracy then takes minutes instead of the peers' half hour.
Usage: classify_vs_peers.py [--threads 2] [--speed-reads 1000000] [--workdir DIR [--reuse-peers]]
                            [--abundance gut|even] [--pair-qualities modelled|dada2]
                            [--skip-accuracy | --skip-speed]
"""
import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate_calls  # noqa: E402
import rdp_peer  # noqa: E402
import thread_scaling  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DADA2_EXTDATA = os.path.join(REPO, "data/debian/usr/lib/R/site-library/dada2/extdata")
# The accuracy sets' names in a work folder, by their abundances (--abundance).
SET_SUFFIXES = {"gut": "", "even": ".even"}


# The V4 pairs' qualities (--pair-qualities): the modelled errors under a
# constant quality, or errors drawn from the quality strings of DADA2's real
# MiSeq reads, as the amplicon speed set's are (pair sets named *.dada2q).
PAIR_QUALITY_SUFFIXES = {"modelled": "", "dada2": ".dada2q"}


def accuracy_sets(abundance, pair_qualities="modelled"):
    """(name, mode, source) of the eight accuracy sets of an abundance model."""
    return [(f"{mode}.{source}{SET_SUFFIXES[abundance]}{PAIR_QUALITY_SUFFIXES[pair_qualities] if mode == 'v4-paired' else ''}",
             mode, source) for source in ("heldout", "indb") for mode in ("v4-paired", "v4-single", "fragment", "full")]


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def repeat_profile(files, pairs):
    """Distinct first mates, second mates and pairs among the first `pairs` records, as 'R1 / R2 / pairs'."""
    streams = [gzip.open(f, "rt") for f in files]
    mates = [[] for _ in files]
    for stream, sequences in zip(streams, mates):
        for number, line in enumerate(stream):
            if number % 4 == 1:
                sequences.append(line.rstrip("\n"))
                if len(sequences) == pairs:
                    break
        stream.close()
    count = len(mates[0])
    distinct = [len(set(sequences)) for sequences in mates]
    if len(mates) == 2:
        distinct.append(len(set(zip(*mates))))
    return " / ".join(f"{d / count:.2f}" for d in distinct) + f" of {count}"


# The peers at the default settings the targets name.
PEER_DEFAULTS = ("Kraken 2 conf 0", "SINTAX cutoff 0.8", "RDP conf 0.8")
# The aim for held-out V4 pairs at neurotax's default confidence (issue 4): RDP's
# precision with SINTAX's recall, both at their defaults in the published figures.
AIM_PRECISION, AIM_RECALL = 0.95, 0.86
# Thresholds whose points are scored against every set's best corner: the
# count by which the default is chosen (kernels/README.md, step 5).
THRESHOLD_SWEEP = (0.6, 0.65, 0.68, 0.7, 0.72, 0.75, 0.8)


def against_aim(confidences, default):
    """neurotax's point at its default confidence over all reads of `confidences`,
    whether it reaches the aim, and its recall at the aim's precision: a printed line."""
    curve = evaluate_calls.precision_recall_curve(confidences)
    precision, recall = evaluate_calls.point_at(curve, default)
    reached = evaluate_calls.recall_at_precision(curve, AIM_PRECISION)
    met = precision >= AIM_PRECISION and recall >= AIM_RECALL
    return (f"default {precision:.3f} / {recall:.3f} on all {len(confidences)} reads against the aim "
            f"{AIM_PRECISION:.2f} / {AIM_RECALL:.2f} ({'met' if met else 'not met'}); "
            f"recall at precision {AIM_PRECISION:.2f}: {reached:.3f}")


def against_peer_defaults(curve, peers):
    """Where neurotax's precision-recall curve (every confidence threshold, on the
    peers' reads) passes each peer's default point: its recall at the peer's
    precision. Returns the printed lines and the best corner (best peer
    precision, best peer recall, neurotax's recall at that precision)."""
    lines = []
    for tool, (precision, recall, _) in peers.items():
        reached = evaluate_calls.recall_at_precision(curve, precision)
        lines.append(f"{'curve at ' + tool:<40} precision {precision:.3f}: recall {reached:.3f} against {recall:.3f} "
                     f"({'above' if reached >= recall else 'below'})")
    best_precision = max(precision for precision, _, _ in peers.values())
    best_recall = max(recall for _, recall, _ in peers.values())
    return lines, (best_precision, best_recall, evaluate_calls.recall_at_precision(curve, best_precision))


def beyond_corner_counts(curves_and_corners, thresholds=THRESHOLD_SWEEP):
    """For each threshold, on how many sets neurotax's point (from its curve on the
    peers' reads) lies beyond the best corner: precision and recall both at least
    the corner's."""
    return {threshold: sum(all(mine >= best for mine, best in zip(evaluate_calls.point_at(curve, threshold), corner))
                           for curve, corner in curves_and_corners)
            for threshold in thresholds}


def default_confidence(neurotax):
    """The --confidence neurotax uses when given none, from its help."""
    usage = subprocess.run([neurotax, "classify", "--help"], check=True, capture_output=True, text=True).stdout
    match = re.search(r"--confidence arg \(=([0-9.]+)\)", usage)
    if not match:
        sys.exit("classify_vs_peers.py: neurotax classify --help names no default --confidence")
    return match.group(1)


def write_whole(output, make):
    """Runs make(a temporary path), then renames that to `output`, so that an
    interrupted run leaves no `output` for --reuse-peers to take."""
    partial = output + ".partial"
    make(partial)
    os.replace(partial, output)


def ensure_tools():
    missing = [package for tool, package in [("kraken2", "kraken2"), ("vsearch", "vsearch"), ("rdp_classifier", "rdp-classifier")]
               if shutil.which(tool) is None]
    if missing:
        run(["apt-get", "install", "-y", "-qq"] + missing, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--neurotax", default=os.path.join(REPO, "build/release/pipeline/neurotax"))
    parser.add_argument("--simulate", default=os.path.join(REPO, "build/bench/benchmarks/neurotax-simulate"))
    parser.add_argument("--parse-ceiling", default=os.path.join(REPO, "build/bench/benchmarks/neurotax-parse-ceiling"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--accuracy-reads", type=int, default=20000)
    parser.add_argument("--peer-reads", type=int, default=2000, help="reads per set given to SINTAX and RDP (they are slow)")
    parser.add_argument("--speed-reads", type=int, default=1000000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--holdout-fraction", default="0.1")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--abundance", choices=tuple(SET_SUFFIXES), default="gut",
                        help="the accuracy sets' abundances: a gut-like skew, or every source sequence alike "
                             "(sets named *.even; many novel strains rather than a few abundant ones)")
    parser.add_argument("--pair-qualities", choices=tuple(PAIR_QUALITY_SUFFIXES), default="modelled",
                        help="the V4 pairs' errors: modelled rates under a constant quality, or drawn from the quality "
                             "strings of DADA2's real MiSeq reads (sam1), which a classifier can read (sets named *.dada2q)")
    parser.add_argument("--workdir", help="keep intermediate files here (default: a temporary folder)")
    parser.add_argument("--reuse-peers", action="store_true",
                        help="take Kraken 2's database, RDP's model and the peers' calls of each read set from an earlier "
                             "run in --workdir (same seed and options) instead of making them again")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--skip-accuracy", action="store_true", help="only the speed tables")
    only.add_argument("--skip-speed", action="store_true", help="only the accuracy and calibration tables")
    args = parser.parse_args()
    if args.reuse_peers and not args.workdir:
        parser.error("--reuse-peers needs the --workdir of an earlier run")
    ensure_tools()
    work = args.workdir or tempfile.mkdtemp(prefix="neurotax-h2h-")
    os.makedirs(work, exist_ok=True)
    path = lambda name: os.path.join(work, name)  # noqa: E731
    neurotax, threads = args.neurotax, str(args.threads)
    default = default_confidence(neurotax)

    if not os.path.exists(path("labelled.fa")):
        run(["bash", os.path.join(REPO, "scripts/prepare-default-db.sh"), neurotax, path("full.ntdb"), path("labelled.fa")],
            stdout=subprocess.DEVNULL)
        run([neurotax, "inspect-db", "--export-taxdump", path("taxdump"), path("full.ntdb")])
    taxdump = evaluate_calls.load_taxdump(path("taxdump"))

    def simulate(name, mode, source, reads, extra=()):
        if not os.path.exists(path(name + ".truth.tsv")):
            run([args.simulate, "--reference", path("labelled.fa"), "--out", path(name), "--mode", mode, "--source", source,
                 "--reads", str(reads), "--seed", args.seed, "--holdout-fraction", args.holdout_fraction] + list(extra),
                stderr=subprocess.DEVNULL)
        reads_files = [path(name + "_R1.fq.gz")] + ([path(name + "_R2.fq.gz")] if mode == "v4-paired" else [])
        return reads_files, path(name + ".truth.tsv")

    real_r1, real_r2 = (os.path.join(DADA2_EXTDATA, f"sam1{mate}.fastq.gz") for mate in "FR")
    real_qualities = ["--quality-profile", f"{real_r1},{real_r2}"]
    sets = accuracy_sets(args.abundance, args.pair_qualities)
    simulated = {name: simulate(name, mode, source, args.accuracy_reads, ["--abundance", args.abundance] +
                                (real_qualities if mode == "v4-paired" and args.pair_qualities == "dada2" else []))
                 for name, mode, source in sets}
    reference = path(sets[0][0] + ".db.fa")

    build_neurotax = thread_scaling.measure([neurotax, "build-db", "--quiet", "--threads", threads, "--format", "ncbi",
                                             "--taxonomy", path("taxdump"), "--output", path("n.ntdb"), reference])
    def reusable(*outputs):
        """Whether a peer's earlier outputs may stand in for running it again."""
        return args.reuse_peers and all(os.path.exists(output) for output in outputs)

    # kraken2-build writes its three tables last.
    if reusable(*(path(f"k2/{table}.k2d") for table in ("hash", "opts", "taxo"))):
        kraken_build = "reused"
    else:
        if os.path.exists(path("k2")):
            shutil.rmtree(path("k2"))
        os.makedirs(path("k2"))
        shutil.copytree(path("taxdump"), path("k2/taxonomy"))
        add = thread_scaling.measure(["kraken2-build", "--db", path("k2"), "--add-to-library", reference, "--no-masking"])
        build = thread_scaling.measure(["kraken2-build", "--db", path("k2"), "--build", "--threads", threads])
        kraken_build = f"{add[0] + build[0]:.1f} s"
    print(f"reference: {reference} ({sum(1 for line in open(reference) if line.startswith('>'))} sequences)")
    print(f"database build: neurotax {build_neurotax[0]:.1f} s, Kraken 2 {kraken_build}\n")

    def neurotax_classify(reads, output, extra=()):
        paired = ["--paired"] if len(reads) == 2 else []
        return [neurotax, "classify", "--quiet", "--threads", threads, "--db", path("n.ntdb"), "--output", output] + \
            list(extra) + paired + reads

    def kraken_classify(reads, output, confidence):
        paired = ["--paired"] if len(reads) == 2 else []
        return ["kraken2", "--db", path("k2"), "--threads", threads, "--confidence", str(confidence), "--output", output] + \
            paired + reads

    def peer_query(reads):
        """The first --peer-reads reads as one FASTQ, pairs merged, for SINTAX and RDP."""
        query = path("sintax.query.fq")
        head = 4 * args.peer_reads
        if len(reads) == 2:
            run(["bash", "-c", f"zcat {reads[0]} | head -n {head} > {path('r1.fq')}; zcat {reads[1]} | head -n {head} > {path('r2.fq')}"])
            run(["vsearch", "--quiet", "--fastq_mergepairs", path("r1.fq"), "--reverse", path("r2.fq"), "--fastqout", query,
                 "--fastqout_notmerged_fwd", path("notmerged.fq"), "--threads", threads], stderr=subprocess.DEVNULL)
            run(["bash", "-c", f"cat {path('notmerged.fq')} >> {query}"])
        else:
            run(["bash", "-c", f"zcat {reads[0]} | head -n {head} > {query}"])
        return query

    def sintax(query, output, cutoff):
        # SINTAX's bootstrap draws random k-mers: a fixed seed (--seed) keeps its calls from drifting
        # between runs, which vsearch promises for one thread only (at two, 742 of 2,000 full-length
        # reads' lines differed between runs, and the corners with them). Its speed is not measured here.
        run(["vsearch", "--quiet", "--sintax", query, "--db", reference, "--tabbedout", output, "--sintax_cutoff", str(cutoff), "--strand", "both",
             "--randseed", args.seed, "--threads", "1"], stderr=subprocess.DEVNULL)

    rdp_properties = None
    if not args.skip_accuracy:
        template = os.path.join(REPO, "data/debian/usr/share/doc/rdp-classifier/examples/samplefiles/rRNAClassifier.properties")
        if not os.path.exists(template):
            template = "/usr/share/doc/rdp-classifier/examples/samplefiles/rRNAClassifier.properties"
        # train() writes the properties last.
        rdp_properties = rdp_peer.properties_path(path("rdp"))
        if reusable(rdp_properties):
            print("RDP classifier: the model trained by an earlier run\n")
        else:
            started = time.monotonic()
            rdp_properties = rdp_peer.train(reference, path("rdp"), template)
            print(f"RDP classifier trained on the same reference in {time.monotonic() - started:.0f} s\n")

    if args.skip_accuracy:
        sets = []
    else:
        print("accuracy (genus level); SINTAX and RDP classify the first --peer-reads reads, and the last two")
        print("columns score every tool on exactly those reads (the genus skew makes subsets differ)")
        print(f"{'read set':<22} {'tool':<28} {'precision':>9} {'recall':>7} {'reads':>7}   {'same reads: precision':>21} {'recall':>7}")
    corners = []
    for name, _, _ in sets:
        reads, truth_path = simulated[name]
        truth = evaluate_calls.load_truth(truth_path)
        results = []

        def scored(tool, calls, all_reads=True):
            peers_reads = evaluate_calls.score(calls, truth, args.peer_reads)
            results.append((tool, evaluate_calls.score(calls, truth) if all_reads else peers_reads, peers_reads))

        # Its default, whose per-read lineage the calibration table reads, the
        # peers' 0.8 and a lower confidence, as SINTAX is also run at a lower
        # cutoff: three points of its precision-recall curve against the peers'.
        # (A default of 0.8 or 0.5 is run once.)
        for confidence in dict.fromkeys((default, "0.8", "0.5")):
            extra = ["--confidence", confidence]
            if confidence == default:
                extra += ["--lineage-output", path(name + ".lineage")]
            run(neurotax_classify(reads, path("n.kraken"), extra))
            scored(f"neurotax conf {confidence}" + (" (default)" if confidence == default else ""),
                   evaluate_calls.kraken_calls(path("n.kraken"), taxdump))
            if confidence == default:
                default_point = results[-1][2]
        # Each peer's calls are kept per read set, for --reuse-peers.
        for confidence in (0, 0.1):
            output = path(f"{name}.kraken2-{confidence}.kraken")
            if not reusable(output):
                write_whole(output, lambda partial: run(kraken_classify(reads, partial, confidence), stderr=subprocess.DEVNULL))
            scored(f"Kraken 2 conf {confidence}", evaluate_calls.kraken_calls(output, taxdump))
        sintax_outputs = {cutoff: path(f"{name}.sintax-{cutoff}.tsv") for cutoff in (0.8, 0.5)}
        rdp_output = path(f"{name}.rdp-0.8.tsv")
        query = None if reusable(rdp_output, *sintax_outputs.values()) else peer_query(reads)
        for cutoff, output in sintax_outputs.items():
            if not reusable(output):
                write_whole(output, lambda partial: sintax(query, partial, cutoff))
            scored(f"SINTAX cutoff {cutoff}", evaluate_calls.sintax_calls(output), all_reads=False)
        if not reusable(rdp_output):
            write_whole(rdp_output, lambda partial: rdp_peer.classify(rdp_properties, query, partial, 0.8))
        rdp_calls = {evaluate_calls.strip_mate(read): genus for read, genus in rdp_peer.calls(rdp_output, 0.8).items()}
        scored("RDP conf 0.8", rdp_calls, all_reads=False)
        for tool, (precision, recall, count), (same_precision, same_recall, _) in results:
            print(f"{name:<22} {tool:<28} {precision:9.3f} {recall:7.3f} {count:7d}   {same_precision:21.3f} {same_recall:7.3f}",
                  flush=True)
        peers_curve = evaluate_calls.precision_recall_curve(
            evaluate_calls.genus_confidences(path(name + ".lineage"), truth), args.peer_reads)
        curve_lines, corner = against_peer_defaults(
            peers_curve, {tool: same for tool, _, same in results if tool in PEER_DEFAULTS})
        print("\n".join(f"{name:<22} {line}" for line in curve_lines))
        corners.append((name, corner, default_point, peers_curve))

    if not args.skip_accuracy:
        print("\nneurotax's curve at the best corner (the best peer precision with the best peer recall):")
        for name, (precision, recall, reached), (default_precision, default_recall, _), _ in corners:
            beyond = default_precision >= precision and default_recall >= recall
            print(f"{name:<22} corner {precision:.3f} / {recall:.3f}: neurotax recall {reached:.3f} at that precision "
                  f"({'reached' if reached >= recall else 'not reached'}); default {default_precision:.3f} / "
                  f"{default_recall:.3f} ({'beyond' if beyond else 'not beyond'})")
        counts = beyond_corner_counts([(curve, corner[:2]) for _, corner, _, curve in corners])
        print(f"sets whose point lies beyond the best corner, by confidence threshold (of {len(corners)}, curve on the "
              "peers' reads): " + ", ".join(f"{threshold}: {count}" for threshold, count in counts.items()))
        truth = evaluate_calls.load_truth(path(sets[0][0] + ".truth.tsv"))
        print(f"\n{sets[0][0]}: " +
              against_aim(evaluate_calls.genus_confidences(path(sets[0][0] + ".lineage"), truth), float(default)))
        print("\ncalibration of neurotax's genus confidence (held-out V4 pairs)")
        print(f"{'confidence':<12} {'reads':>7} {'correct':>8}")
        for low, high, count, correct in evaluate_calls.calibration(path(sets[0][0] + ".lineage"), truth):
            print(f"{low:.2f}-{min(high, 1.0):.2f}    {count:7d} {correct / count if count else float('nan'):8.3f}")

    if args.skip_speed:
        return 0
    # Amplicon-like reads repeat as a real sample's do: a community of 300
    # sequence variants, errors drawn from the qualities of DADA2's real MiSeq
    # reads. The table below shows how often reads repeat at the real samples'
    # depth (1,500 pairs): the simulated sample repeats less than the real ones.
    speed_sets = (("speed.v4sample", "v4-paired", "V4 pairs, 300 variants", ["--community", "300"] + real_qualities),
                  ("speed.v4", "v4-paired", "V4 pairs, whole reference", []),
                  ("speed.fragment", "fragment", "150 bp fragments", []))
    print("\nrepeats in the speed sets: distinct R1 / R2 / pairs among the first 1,500 pairs, and among all")
    for sample in ("sam1", "sam2"):
        files = [os.path.join(DADA2_EXTDATA, f"{sample}{mate}.fastq.gz") for mate in "FR"]
        print(f"{'real ' + sample + ' (DADA2)':<28} {repeat_profile(files, 1500)}")
    for name, mode, label, extra in speed_sets[:2]:
        reads, _ = simulate(name, mode, "indb", args.speed_reads, extra)
        print(f"{label:<28} {repeat_profile(reads, 1500)}   all: {repeat_profile(reads, args.speed_reads)}")

    # The minimizers alone too: the genus word model's second opinion costs time.
    speed_reads = [(label, simulate(name, mode, "indb", args.speed_reads, extra)[0]) for name, mode, label, extra in speed_sets]
    thread_scaling.scaling_table(thread_scaling.standard_tools(neurotax, path("n.ntdb"), "kraken2", path("k2")),
                                 speed_reads, [args.threads], args.runs, args.parse_ceiling, title="speed")
    thread_scaling.scaling_table(thread_scaling.standard_tools(neurotax, path("n.ntdb"), "kraken2", path("k2"), False),
                                 speed_reads[-1:], list(range(1, args.threads + 1)), 1, args.parse_ceiling)
    if not args.workdir:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
