#!/usr/bin/env nextflow
// neurotax on a sequencing run (DSL2), mirroring workflows/snakemake: one
// `neurotax run` per sample, then the run-level tables. Not exercised by CI
// (Nextflow is not packaged for these machines); its commands are the ones
// the Snakemake and CWL workflows run in CI.
nextflow.enable.dsl = 2

include { NEUROTAX_RUN } from './modules/run.nf'
include { NEUROTAX_MERGE } from './modules/merge.nf'

params.samples = 'samples.tsv'   // sample<TAB>R1[<TAB>R2]
params.db = 'default.ntdb'
params.outdir = 'results'
params.confidence = 0.7
params.minimum_base_quality = 0   // Kraken 2's --minimum-base-quality (0 = off)

workflow {
    samples = Channel.fromPath(params.samples)
        .splitCsv(sep: '\t')
        .filter { row -> row[0] != 'sample' && !row[0].startsWith('#') }
        .map { row -> tuple(row[0], row.size() > 2 && row[2] ? [file(row[1]), file(row[2])] : [file(row[1])]) }
    per_sample = NEUROTAX_RUN(samples, file(params.db))
    NEUROTAX_MERGE(per_sample.abundance.collect(), per_sample.summary.collect())
}
