process NEUROTAX_MERGE {
    publishDir params.outdir, mode: 'copy'

    input:
    path profiles
    path summaries

    output:
    path "run.*"

    script:
    """
    neurotax abundance --merge --output run ${profiles}
    neurotax annotate --merge --output run ${summaries}
    """
}
