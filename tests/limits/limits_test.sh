#!/usr/bin/env bash
# Limits: a 1 Mb read, a 100 MB FASTQ line, 10 million tiny reads, a reference
# of 1 million sequences, a taxonomy 100 levels deep. Each gives a correct
# result or a clear error, in bounded memory, never a crash. SCALE "small"
# (sanitizer builds, which are 5-20 times slower) divides the big counts by 10
# and makes the long line 20 MB.
# Usage: limits_test.sh NEUROTAX_BINARY SOURCE_DIR DADA2_EXTDATA [full|small]
set -euo pipefail
neurotax=$1 extdata=$3 scale=${4:-full}
export NEUROTAX=$neurotax
source "$(dirname "${BASH_SOURCE[0]}")/../support/common.sh"
fail() { echo "limits test: $*"; exit 1; }
cd "$work"
divisor=1
[[ $scale == small ]] && divisor=10
# Peak resident memory in MiB of a command (GNU time), its output on the side.
peak_mib() {
  local status=0
  /usr/bin/time -f '%M' -o "$work/time.txt" "$@" || status=$?
  echo $(($(tail -1 "$work/time.txt") / 1024))
  return $status
}

(zcat "$extdata/ten_16s.100.fa.gz" || true) | head -200 > ref.fa
neurotax build-db --quiet --output ref.ntdb ref.fa

# A 1 Mb read: the references end to end. Classified, one line of output.
awk '!/^>/ { bases = bases $0 } END { read = ""; while (length(read) < 1000000) read = read bases;
  print ">megabase"; print substr(read, 1, 1000000) }' ref.fa > long.fa
mib=$(peak_mib neurotax classify --quiet --db ref.ntdb --output long.kraken --report long.kreport long.fa)
[[ $(wc -l < long.kraken) == 1 && $(cut -f4 long.kraken) == 1000000 ]] || fail "the 1 Mb read: $(cut -f1-4 long.kraken)"
echo "1 Mb read: classified as $(cut -f3 long.kraken), peak ${mib} MiB"

# A 100 MB FASTQ line (through a pipe): refused with a clear error, memory bounded by the line.
line=100000000
[[ $scale == small ]] && line=20000000  # still over the 10 Mb limit
status=0
mib=$( { printf '@huge\n'; head -c $line /dev/zero | tr '\0' 'A'; printf '\n+\n'; head -c $line /dev/zero | tr '\0' 'I'; printf '\n'; } |
       peak_mib neurotax classify --quiet --db ref.ntdb --output huge.kraken - 2> huge.err) || status=$?
[[ $status == 1 ]] || fail "a $line-base read exited $status: $(cat huge.err)"
grep -q "record 1: read of $line bases is longer than the limit of 10000000 bases per read" huge.err ||
  fail "unclear error: $(cat huge.err)"
[[ ! -e huge.kraken ]] || fail "the refused read left an output"
echo "$line-base FASTQ line: exit 1, '$(cat huge.err)', peak ${mib} MiB"

# 10 million tiny reads (50 bp windows of a reference), streamed: all counted, memory flat.
reads=$((10000000 / divisor))
sed -n 2p ref.fa > first.seq
mib=$(awk -v n=$reads 'NR == 1 { s = $0 } END { q = "IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII"; span = length(s) - 50;
        for (i = 0; i < n; i++) printf "@t%d\n%s\n+\n%s\n", i, substr(s, i % span + 1, 50), q }' first.seq |
      peak_mib neurotax classify --quiet --db ref.ntdb --output /dev/null --report tiny.kreport -)
total=$(awk -F'\t' 'NR <= 2 { sum += $2 } END { print sum }' tiny.kreport)
classified=$(awk -F'\t' '$4 == "R" { print $2 }' tiny.kreport)
[[ $total == "$reads" && $classified -gt $((reads / 2)) ]] || fail "tiny reads: $(head -2 tiny.kreport)"
# Sanitizers keep freed memory in quarantine (ASan: 256 MB): a looser bound there.
bound=400
[[ $scale == small ]] && bound=1024
((mib < bound)) || fail "$reads tiny reads took ${mib} MiB"
echo "$reads tiny reads: all counted, $classified classified, peak ${mib} MiB"

# A reference of 1 million sequences (random 64-mers over 1,000 genera).
sequences=$((1000000 / divisor))
awk -v n=$sequences 'BEGIN { srand(7); split("A C G T", b, " ");
  for (i = 0; i < n; i++) { s = ""; for (j = 0; j < 64; j++) s = s b[int(rand() * 4) + 1];
    g = i % 1000; printf ">s%d;tax=d:Bacteria,p:P%d,c:C%d,o:O%d,f:F%d,g:G%d;\n%s\n", i, g % 7, g % 13, g % 31, g % 97, g, s } }' > million.fa
mib=$(peak_mib neurotax build-db --quiet --threads 2 --output million.ntdb million.fa)
neurotax inspect-db million.ntdb > million.txt
grep -q "references *$sequences\b\|$sequences references\|: $sequences$" million.txt || grep -q "$sequences" million.txt ||
  fail "the database does not hold $sequences references: $(head -12 million.txt)"
((mib < 3000)) || fail "building $sequences references took ${mib} MiB"
echo "$sequences-sequence reference: built, peak ${mib} MiB"

# A taxonomy 100 levels deep (NCBI taxdump: 100 unranked levels, then a genus).
mkdir deep
{ printf '1\t|\t1\t|\tno rank\t|\n'; for i in $(seq 2 101); do printf '%d\t|\t%d\t|\tno rank\t|\n' $i $((i - 1)); done
  printf '102\t|\t101\t|\tgenus\t|\n103\t|\t101\t|\tgenus\t|\n'; } > deep/nodes.dmp
{ printf '1\t|\troot\t|\t\t|\tscientific name\t|\n'; for i in $(seq 2 101); do printf '%d\t|\tlevel%d\t|\t\t|\tscientific name\t|\n' $i $i; done
  printf '102\t|\tDeepgenus\t|\t\t|\tscientific name\t|\n103\t|\tOthergenus\t|\t\t|\tscientific name\t|\n'; } > deep/names.dmp
{ sed -n 2p ref.fa | sed 's/^/>a|kraken:taxid|102\n/'; sed -n 4p ref.fa | sed 's/^/>b|kraken:taxid|103\n/'; } > deep.fa
neurotax build-db --quiet --format ncbi --taxonomy deep --output deep.ntdb deep.fa
sed -n 2p ref.fa | cut -c1-300 | sed 's/^/>q\n/' > deep_reads.fa
neurotax classify --quiet --db deep.ntdb --output deep.kraken --report deep.kreport deep_reads.fa
grep -qP "\t102\t {200,}Deepgenus$" deep.kreport || fail "the deep genus is not in the report: $(tail -3 deep.kreport)"
echo "100-level taxonomy: read placed in Deepgenus, $(grep -c . deep.kreport) report lines"
