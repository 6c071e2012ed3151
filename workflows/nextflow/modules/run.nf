process NEUROTAX_RUN {
    tag "$sample"
    cpus 2
    publishDir "${params.outdir}/${sample}", mode: 'copy'

    input:
    tuple val(sample), path(reads)
    path db

    output:
    path "out/${sample}.abundance.tsv", emit: abundance
    path "out/${sample}.neuroactive_summary.tsv", emit: summary
    path "out/*", emit: all

    script:
    """
    neurotax run --quiet --threads ${task.cpus} --confidence ${params.confidence} \\
        --minimum-base-quality ${params.minimum_base_quality} --db ${db} \\
        --outdir out --sample ${sample} ${reads}
    """
}
