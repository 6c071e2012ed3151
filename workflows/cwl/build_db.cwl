#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: neurotax build-db from labelled 16S references (format detected, or --format).
baseCommand: [neurotax, build-db, --quiet]
inputs:
  references:
    type: File[]
    inputBinding: {position: 10}
  format:
    type: string
    default: auto
    inputBinding: {prefix: --format}
  taxonomy:
    type: File?
    inputBinding: {prefix: --taxonomy}
  copy_numbers:
    type: File?
    inputBinding: {prefix: --copy-numbers}
  output_name:
    type: string
    default: reference.ntdb
    inputBinding: {prefix: --output}
outputs:
  db:
    type: File
    outputBinding: {glob: $(inputs.output_name)}
requirements:
  InlineJavascriptRequirement: {}
