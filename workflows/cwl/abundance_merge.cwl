#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: neurotax abundance --merge, taxa x samples TSV, BIOM and alpha diversity.
baseCommand: [neurotax, abundance, --merge]
inputs:
  profiles:
    type: File[]
    inputBinding: {position: 10}
arguments:
  - {prefix: --output, valueFrom: run}
outputs:
  table:
    type: File
    outputBinding: {glob: run.tsv}
  biom:
    type: File
    outputBinding: {glob: run.biom}
  alpha:
    type: File
    outputBinding: {glob: run.alpha.tsv}
