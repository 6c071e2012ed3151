#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: Workflow
doc: A sequencing run with neurotax, sample by sample, then the run-level tables.
requirements:
  ScatterFeatureRequirement: {}
  StepInputExpressionRequirement: {}
  InlineJavascriptRequirement: {}
inputs:
  db: File
  samples:
    type:
      type: array
      items:
        type: record
        fields:
          name: string
          reads: File[]
  threads:
    type: int
    default: 2
outputs:
  profiles:
    type: File[]
    outputSource: sample/abundance
  table:
    type: File
    outputSource: merge_abundance/table
  biom:
    type: File
    outputSource: merge_abundance/biom
  neuroactive_matrix:
    type: File
    outputSource: merge_neuroactive/matrix
steps:
  sample:
    run: run.cwl
    scatter: one
    in:
      db: db
      threads: threads
      one: samples
      sample: {valueFrom: $(inputs.one.name)}
      reads: {valueFrom: $(inputs.one.reads)}
    out: [abundance, neuroactive_summary, kreport]
  merge_abundance:
    run: abundance_merge.cwl
    in:
      profiles: sample/abundance
    out: [table, biom]
  merge_neuroactive:
    run: annotate_merge.cwl
    in:
      summaries: sample/neuroactive_summary
    out: [matrix]
