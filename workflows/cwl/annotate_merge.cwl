#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: neurotax annotate --merge, compounds x samples.
baseCommand: [neurotax, annotate, --merge]
inputs:
  summaries:
    type: File[]
    inputBinding: {position: 10}
arguments:
  - {prefix: --output, valueFrom: run}
outputs:
  matrix:
    type: File
    outputBinding: {glob: run.neuroactive_matrix.tsv}
