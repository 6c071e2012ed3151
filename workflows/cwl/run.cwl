#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: |
  neurotax run: classify one sample, estimate abundances, annotate neuroactive potential.
  Literature-derived potentials of detected taxa, not measurements or a diagnosis.
baseCommand: [neurotax, run, --quiet]
requirements:
  InlineJavascriptRequirement: {}
hints:
  ResourceRequirement:
    coresMin: $(inputs.threads)
inputs:
  db:
    type: File
    inputBinding: {prefix: --db}
  sample:
    type: string
    inputBinding: {prefix: --sample}
  threads:
    type: int
    default: 2
    inputBinding: {prefix: --threads}
  confidence:
    type: float
    default: 0.7
    inputBinding: {prefix: --confidence}
  minimum_base_quality:
    type: int
    default: 0
    doc: bases below this Phred quality are masked before classifying, as by Kraken 2's option (0 = off)
    inputBinding: {prefix: --minimum-base-quality}
  reads:
    type: File[]
    doc: R1, or R1 and R2
    inputBinding: {position: 10}
arguments:
  - {prefix: --outdir, valueFrom: out}
outputs:
  kreport:
    type: File
    outputBinding: {glob: out/$(inputs.sample).kreport}
  abundance:
    type: File
    outputBinding: {glob: out/$(inputs.sample).abundance.tsv}
  bracken:
    type: File
    outputBinding: {glob: out/$(inputs.sample).bracken.tsv}
  neuroactive:
    type: File
    outputBinding: {glob: out/$(inputs.sample).neuroactive.json}
  neuroactive_summary:
    type: File
    outputBinding: {glob: out/$(inputs.sample).neuroactive_summary.tsv}
  per_read:
    type: File
    outputBinding: {glob: out/$(inputs.sample).kraken.gz}
