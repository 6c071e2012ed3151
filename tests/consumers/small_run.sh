# Sourced by the consumer tests with $neurotax and $extdata set: the shared
# scratch folder ($work, support/common.sh) and a small real run in
# $work/results. DADA2's sam1 and sam2 MiSeq pairs against its ten_16s
# reference, plus sam2 again under a name full of HTML special characters.
export NEUROTAX=$neurotax
source "$(dirname "${BASH_SOURCE[0]}")/../support/common.sh"
odd_name='odd <b>&"x"'
neurotax build-db --quiet --output "$work/ref.ntdb" "$extdata/ten_16s.100.fa.gz"
printf 'sam1\t%s\t%s\nsam2\t%s\t%s\n%s\t%s\t%s\n' "$extdata/sam1F.fastq.gz" "$extdata/sam1R.fastq.gz" \
  "$extdata/sam2F.fastq.gz" "$extdata/sam2R.fastq.gz" "$odd_name" "$extdata/sam2F.fastq.gz" "$extdata/sam2R.fastq.gz" \
  > "$work/samples.tsv"
neurotax run --quiet --threads 2 --db "$work/ref.ntdb" --outdir "$work/results" --samples "$work/samples.tsv"
