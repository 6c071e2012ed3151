#!/usr/bin/env python3
"""Thread scaling: neurotax (by default and with --minimizers-only) against Kraken 2
on the same reads and databases, at each thread count given.

For each read set and thread count it prints reads/s (median of --runs runs),
the speed-up over one thread, the cores kept busy on average (user + system
CPU seconds over wall seconds: neurotax must never exceed the thread count it
was given), peak RSS, the ratio to Kraken 2 at the same thread count, and the
ratio to the decompress-and-parse ceiling (neurotax-parse-ceiling reads the
same files through the classifier's reader, on one thread, as the serial input
stage does). Kraken 2's wrapper decompresses .gz input in separate gzip
processes; their CPU time is not in its column.

classify_vs_peers.py prints this table for 1..--threads; on a multicore node
run it directly (benchmarks/macro/scaling_on_node.sh prepares everything).
Usage: thread_scaling.py --neurotax BIN --db NTDB --kraken2 KRAKEN2 --k2db DIR --parse-ceiling BIN
       --threads 1,2,4 --set NAME=R1[,R2] [--set ...] [--runs 3]
"""
import argparse
import statistics
import subprocess
import sys


# Run by a fresh interpreter between this one and the command measured. A
# child's peak RSS (ru_maxrss) starts from the peak of the process it was
# forked from, and this interpreter may have grown large (the benchmark reads
# whole read sets): a small parent in between reports the command's own.
_MEASURE_ONE = """
import os, subprocess, sys, time
start = time.monotonic()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def measure(command):
    """Runs `command` (output discarded) and returns (wall seconds, CPU seconds, peak RSS in MiB) of that process."""
    done = subprocess.run([sys.executable, "-c", _MEASURE_ONE] + command, capture_output=True, text=True)
    fields = done.stdout.split()
    if done.returncode != 0 or len(fields) != 4 or fields[3] != "0":
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    wall, cpu, kib = float(fields[0]), float(fields[1]), int(fields[2])
    return wall, cpu, kib / 1024


def median_of(command, runs):
    samples = [measure(command) for _ in range(runs)]
    return tuple(statistics.median(sample[i] for sample in samples) for i in range(3))


def parse_ceiling(parse_ceiling_binary, reads):
    printed = subprocess.run([parse_ceiling_binary] + (["--paired"] if len(reads) == 2 else []) + reads, check=True,
                             capture_output=True, text=True).stdout
    values = dict(line.split("\t") for line in printed.splitlines())
    return int(values["fragments"]), float(values["fragments_per_second"])


def scaling_table(tools, read_sets, thread_counts, runs, parse_ceiling_binary, title="thread scaling", out=sys.stdout):
    """tools: [(name, command(threads, reads) -> argv)], the last one the peer the ratios are taken against.
    read_sets: [(label, [R1] or [R1, R2])]. Prints one table per read set."""
    peer = tools[-1][0]
    for label, reads in read_sets:
        fragments, ceiling = parse_ceiling(parse_ceiling_binary, reads)
        print(f"\n{title}: {label} ({fragments} {'pairs' if len(reads) == 2 else 'reads'}, "
              f"median of {runs} runs; ceiling {ceiling:.0f}/s)", file=out)
        print(f"{'threads':>7} {'tool':<26} {'reads/s':>10} {'speed-up':>9} {'cores busy':>11} {'peak MiB':>9} "
              f"{'vs ' + peer:>12} {'vs ceiling':>11}", file=out, flush=True)
        single = {}
        for threads in thread_counts:
            rates = {}
            for name, command in tools:
                wall, cpu, rss = median_of(command(threads, reads), runs)
                rates[name] = (fragments / wall, cpu / wall, rss)
                single.setdefault(name, fragments / wall)
            for name, (rate, busy, rss) in rates.items():
                print(f"{threads:7d} {name:<26} {rate:10.0f} {rate / single[name]:9.2f} {busy:11.2f} {rss:9.0f} "
                      f"{rate / rates[peer][0]:12.2f} {rate / ceiling:11.2f}", file=out, flush=True)


def standard_tools(neurotax, database, kraken2, kraken_database, minimizers_only=True):
    def neurotax_command(extra):
        return lambda threads, reads: [neurotax, "classify", "--quiet", "--threads", str(threads), "--db", database,
                                       "--output", "/dev/null"] + extra + (["--paired"] if len(reads) == 2 else []) + reads
    tools = [("neurotax", neurotax_command([]))]
    if minimizers_only:
        tools.append(("neurotax --minimizers-only", neurotax_command(["--minimizers-only"])))
    tools.append(("Kraken 2", lambda threads, reads: [kraken2, "--db", kraken_database, "--threads", str(threads),
                                                      "--output", "/dev/null"] +
                  (["--paired"] if len(reads) == 2 else []) + reads))
    return tools


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--neurotax", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--kraken2", default="kraken2")
    parser.add_argument("--k2db", required=True)
    parser.add_argument("--parse-ceiling", required=True)
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--set", action="append", required=True, metavar="NAME=R1[,R2]")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-minimizers-only", action="store_true", help="skip neurotax --minimizers-only")
    args = parser.parse_args()
    read_sets = [(name, files.split(",")) for name, files in (entry.split("=", 1) for entry in args.set)]
    scaling_table(standard_tools(args.neurotax, args.db, args.kraken2, args.k2db, not args.no_minimizers_only),
                  read_sets, [int(count) for count in args.threads.split(",")], args.runs, args.parse_ceiling)
    return 0


if __name__ == "__main__":
    sys.exit(main())
