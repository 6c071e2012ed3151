#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: neurotax classify, with Kraken 2's per-read output and report.
baseCommand: [neurotax, classify, --quiet]
inputs:
  db:
    type: File
    inputBinding: {prefix: --db}
  paired:
    type: boolean
    default: false
    inputBinding: {prefix: --paired}
  threads:
    type: int
    default: 2
    inputBinding: {prefix: --threads}
  reads:
    type: File[]
    inputBinding: {position: 10}
arguments:
  - {prefix: --output, valueFrom: reads.kraken.gz}
  - {prefix: --report, valueFrom: reads.kreport}
outputs:
  per_read:
    type: File
    outputBinding: {glob: reads.kraken.gz}
  kreport:
    type: File
    outputBinding: {glob: reads.kreport}
