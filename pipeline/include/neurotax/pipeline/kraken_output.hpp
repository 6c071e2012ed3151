#pragma once
#include <string>

#include "neurotax/db/database.hpp"
#include "neurotax/kernels/read_classifier.hpp"
#include "neurotax/pipeline/read_source.hpp"

namespace neurotax::pipeline {

/// Appends one line of Kraken 2's per-read output (`kraken2 --output`): C/U,
/// read id, taxid (or "Name (taxid N)" with `use_names`), length or L1|L2, and
/// the run-length list of per-k-mer taxa with A: for ambiguous spans and |:|
/// between mates, exactly as Kraken 2 prints them.
void append_kraken_line(std::string& out, const Fragment& fragment, const kernels::ReadCall& call,
                        const kernels::ReadEvidence& evidence, const db::Database& database, bool use_names);

/// The part of a Kraken 2 line after the read id ("\t562\t250|250\t562:13 ...\n"),
/// which depends on the sequences only, so repeated reads can share it.
void append_kraken_tail(std::string& out, const Fragment& fragment, const kernels::ReadCall& call,
                        const kernels::ReadEvidence& evidence, const db::Database& database, bool use_names);

/// Appends one line of the per-read lineage TSV that SINTAX and RDP users read:
/// `read_id<TAB>d:Bacteria(1.00),p:...,g:Bacillus(0.93)<TAB>call`, the call being
/// the lineage cut at the called rank (empty when unclassified).
void append_lineage_line(std::string& out, const Fragment& fragment, const kernels::ReadCall& call,
                         const db::Database& database);

/// The part of a lineage line after the read id.
void append_lineage_tail(std::string& out, const kernels::ReadCall& call, const db::Database& database);

}  // namespace neurotax::pipeline
