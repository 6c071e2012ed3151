#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: neurotax abundance for one sample, from Kraken-format per-read output.
baseCommand: [neurotax, abundance]
inputs:
  db:
    type: File
    inputBinding: {prefix: --db}
  sample:
    type: string
    inputBinding: {prefix: --sample}
  level:
    type: string
    default: G
    inputBinding: {prefix: --level}
  per_read:
    type: File[]
    inputBinding: {position: 10}
arguments:
  - {prefix: --output, valueFrom: $(inputs.sample)}
requirements:
  InlineJavascriptRequirement: {}
outputs:
  kreport:
    type: File
    outputBinding: {glob: $(inputs.sample).kreport}
  bracken:
    type: File
    outputBinding: {glob: $(inputs.sample).bracken.tsv}
  abundance:
    type: File
    outputBinding: {glob: $(inputs.sample).abundance.tsv}
  mpa:
    type: File
    outputBinding: {glob: $(inputs.sample).mpa.txt}
  krona:
    type: File
    outputBinding: {glob: $(inputs.sample).krona.txt}
