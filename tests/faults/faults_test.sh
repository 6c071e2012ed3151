#!/usr/bin/env bash
# Faults that must lose nothing: a file-size limit (a full disk) while writing,
# SIGTERM/SIGINT in the middle of a run, a database replaced while a
# classification has it mapped, and read input cut short or growing while it
# is read. Each ends in a clear error or a correct result, and never leaves a
# partial output under a final name. SCALE "small" (sanitizer builds, which
# are 5-20 times slower) makes the big sample a sixth of its size.
# Usage: faults_test.sh NEUROTAX_BINARY SOURCE_DIR DADA2_EXTDATA [full|small]
set -euo pipefail
neurotax=$1 extdata=$3 scale=${4:-full}
export NEUROTAX=$neurotax
source "$(dirname "${BASH_SOURCE[0]}")/../support/common.sh"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT  # no classification left waiting on a FIFO
fail() { echo "faults test: $*"; exit 1; }
cd "$work"
leftovers() { find "$@" \( -name '*.tmp.*' -o -name '.*.partial' \) | head -5; }

neurotax build-db --quiet --output ref.ntdb "$extdata/ten_16s.100.fa.gz"
# A bigger sample: DADA2's sam1 pairs (1,500), 120 times over (180,000 pairs),
# or 20 times on the small scale.
copies=120
[[ $scale == small ]] && copies=20
for i in $(seq $copies); do zcat "$extdata/sam1F.fastq.gz" | sed "s/^@\(.*\)$/@r${i}_\1/;n;n;n"; done | gzip -1 > big_R1.fq.gz
for i in $(seq $copies); do zcat "$extdata/sam1R.fastq.gz" | sed "s/^@\(.*\)$/@r${i}_\1/;n;n;n"; done | gzip -1 > big_R2.fq.gz

# 1. A file-size limit while writing: EFBIG is an error naming the file, and
#    nothing is left under a final name, not even the files that fitted.
status=0
(ulimit -f 64; neurotax classify --quiet --db ref.ntdb --output limited.kraken big_R1.fq.gz) 2> limited.err || status=$?
[[ $status == 1 ]] || fail "classify under a file-size limit exited $status, not 1"
grep -q 'limited.kraken' limited.err && grep -qi 'file too large' limited.err || fail "unclear error: $(cat limited.err)"
[[ ! -e limited.kraken && -z $(leftovers .) ]] || fail "a partial output was left: $(ls)"
mkdir limited_run
status=0
(ulimit -f 64; neurotax run --quiet --db ref.ntdb --outdir limited_run big_R1.fq.gz big_R2.fq.gz) 2> limited_run.err || status=$?
[[ $status == 1 ]] || fail "run under a file-size limit exited $status"
[[ -z $(ls -A limited_run) ]] || fail "run under a file-size limit left: $(ls -A limited_run)"
echo "file-size limit: exit 1, '$(head -c 100 limited.err)...', nothing left"

# 2. SIGTERM while a run is between samples: finished samples stay complete,
#    the one in progress leaves nothing, no temporary files remain, and a rerun
#    finishes the rest.
printf 's1\tbig_R1.fq.gz\tbig_R2.fq.gz\ns2\tbig_R1.fq.gz\tbig_R2.fq.gz\ns3\tbig_R1.fq.gz\tbig_R2.fq.gz\n' > sheet.tsv
# No read cache, so that a sample takes long enough to be caught mid-way on a fast machine.
neurotax run --quiet --threads 2 --cache-mb 0 --db ref.ntdb --outdir stopped --samples sheet.tsv 2> stopped.err &
pid=$!
for _ in $(seq 3000); do [[ -e stopped/s1/s1.done.json ]] && break; sleep 0.05; done
[[ -e stopped/s1/s1.done.json ]] || fail "the first sample never finished"
kill -TERM $pid
status=0
wait $pid || status=$?
[[ $status == 143 ]] || fail "run stopped by SIGTERM exited $status, not 143: $(cat stopped.err)"
grep -q 'interrupted by SIGTERM' stopped.err || fail "no word of the interruption: $(cat stopped.err)"
# Every sample is either complete, with its record, or has nothing under a final name.
for sample in s1 s2 s3; do
  if [[ -e stopped/$sample/$sample.done.json ]]; then
    for suffix in kreport abundance.tsv neuroactive.json kraken.gz; do
      [[ -s stopped/$sample/$sample.$suffix ]] || fail "finished sample $sample lost $sample.$suffix"
    done
    gzip -t stopped/$sample/$sample.kraken.gz || fail "$sample.kraken.gz is damaged"
  elif [[ -d stopped/$sample && -n $(ls stopped/$sample) ]]; then
    fail "the unfinished sample $sample left outputs: $(ls stopped/$sample)"
  fi
done
[[ ! -e stopped/s3/s3.done.json ]] || fail "the whole run finished before SIGTERM: the test caught nothing"
[[ -z $(leftovers stopped) ]] || fail "temporary files left: $(leftovers stopped)"
[[ ! -e stopped/run_summary.tsv ]] || fail "a run summary was written for a stopped run"
neurotax run --quiet --threads 2 --cache-mb 0 --db ref.ntdb --outdir stopped --samples sheet.tsv
grep -q $'^s1\tskipped (complete)' stopped/run_summary.tsv || fail "the rerun redid the finished sample"
grep -q $'^s3\tdone\t'$((copies * 1500)) stopped/run_summary.tsv || fail "the rerun did not finish: $(cat stopped/run_summary.tsv)"
echo "SIGTERM: exit 143, finished sample intact, nothing partial, rerun resumed"

#    SIGINT during a single classification: exit 130, no output.
neurotax classify --quiet --threads 2 --cache-mb 0 --db ref.ntdb --output int.kraken.gz big_R1.fq.gz big_R2.fq.gz --paired \
  2> int.err &
pid=$!
for _ in $(seq 600); do compgen -G 'int.kraken.gz.tmp.*' >/dev/null && break; sleep 0.02; done  # writing has begun
kill -INT $pid
status=0
wait $pid || status=$?
[[ $status == 130 ]] || fail "classify stopped by SIGINT exited $status, not 130: $(cat int.err)"
[[ ! -e int.kraken.gz && -z $(leftovers .) ]] || fail "SIGINT left a partial output"
echo "SIGINT: exit 130, nothing left"

# 3. A database replaced while a classification has it mapped: build-db
#    replaces the file by rename, so the running classification keeps reading
#    the database it opened and its output equals a run on the old one.
cp ref.ntdb old.ntdb
zcat "$extdata/sam1F.fastq.gz" > sam1.fq
neurotax classify --quiet --db old.ntdb --output expected.kraken sam1.fq
mkfifo reads.fifo
neurotax classify --quiet --db ref.ntdb --output mapped.kraken reads.fifo &
pid=$!
# Wait until the database is mapped; the reads are not there yet.
for _ in $(seq 600); do grep -q 'ref.ntdb' /proc/$pid/maps 2>/dev/null && break; sleep 0.05; done
grep -q 'ref.ntdb' /proc/$pid/maps || fail "the classification never mapped its database"
(zcat "$extdata/ten_16s.100.fa.gz" || true) | head -40 > fewer.fa  # zcat meets a closed pipe
neurotax build-db --quiet --output ref.ntdb fewer.fa
cat sam1.fq > reads.fifo
wait $pid
cmp -s expected.kraken mapped.kraken || fail "the classification mixed the old and the new database"
neurotax classify --quiet --db ref.ntdb --output new.kraken sam1.fq
cmp -s expected.kraken new.kraken && fail "the new database was not used by the next classification"
#    A database altered in place is refused at the next open.
cp old.ntdb altered.ntdb
printf 'x' | dd of=altered.ntdb bs=1 seek=3000 conv=notrunc status=none
status=0
neurotax classify --quiet --db altered.ntdb --output altered.kraken sam1.fq 2> altered.err || status=$?
[[ $status == 1 ]] && grep -q 'checksum mismatch' altered.err || fail "an altered database was used: $(cat altered.err)"
echo "database replaced while mapped: the running classification kept the old one; an altered file is refused"

# 4. Reads cut short while being read (a gzip stream ending mid-way through
#    a FIFO, as when a copy is truncated) give an error naming the file; reads
#    that keep arriving are all classified once the writer closes.
rm reads.fifo && mkfifo reads.fifo
neurotax classify --quiet --db old.ntdb --output cut.kraken reads.fifo 2> cut.err &
pid=$!
head -c 300000 big_R1.fq.gz > reads.fifo
status=0
wait $pid || status=$?
[[ $status == 1 ]] || fail "a truncated gzip stream exited $status, not 1"
grep -q 'reads.fifo' cut.err || fail "the error does not name the file: $(cat cut.err)"
[[ ! -e cut.kraken ]] || fail "a truncated input left an output"
neurotax classify --quiet --db old.ntdb --output grown.kraken reads.fifo &
pid=$!
{ head -n 2000 sam1.fq; sleep 1; tail -n +2001 sam1.fq; } > reads.fifo
wait $pid
[[ $(wc -l < grown.kraken) == $(($(wc -l < sam1.fq) / 4)) ]] || fail "reads arriving late were lost"
echo "truncated input: exit 1, '$(head -c 120 cut.err)'; growing input: every read classified"
