#!/usr/bin/env cwl-runner
cwlVersion: v1.2
class: CommandLineTool
doc: neurotax inspect-db, header and counts of a database.
baseCommand: [neurotax, inspect-db]
inputs:
  db:
    type: File
    inputBinding: {position: 10}
stdout: inspect.tsv
outputs:
  summary:
    type: stdout
