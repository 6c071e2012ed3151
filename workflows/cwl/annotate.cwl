#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: |
  neurotax annotate for one sample's profile. Literature-derived potentials of
  detected taxa, not measurements or a diagnosis.
baseCommand: [neurotax, annotate]
inputs:
  profile:
    type: File
    inputBinding: {prefix: --profile}
  sample:
    type: string
    inputBinding: {prefix: --sample}
arguments:
  - {prefix: --output, valueFrom: $(inputs.sample)}
requirements:
  InlineJavascriptRequirement: {}
outputs:
  matches:
    type: File
    outputBinding: {glob: $(inputs.sample).neuroactive.tsv}
  summary:
    type: File
    outputBinding: {glob: $(inputs.sample).neuroactive_summary.tsv}
  json:
    type: File
    outputBinding: {glob: $(inputs.sample).neuroactive.json}
