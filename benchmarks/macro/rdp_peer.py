"""The RDP classifier (Debian's rdp-classifier) as a peer: trained on the same
SINTAX-labelled reference as the other tools, run at its default confidence.

RDP trains a naive Bayesian model of 8-mers per genus from sequences whose
lineage runs from Root to genus, with a taxonomy file of
`id*name*parent id*depth*rank` lines. The reference's labels (`tax=d:...,g:...`)
become both; a rank a label lacks gets a placeholder named after its parent,
because RDP places every training sequence at genus level. Species are left out:
RDP reports genus and above.
"""
import os
import subprocess

RANKS = (("d", "domain"), ("p", "phylum"), ("c", "class"), ("o", "order"), ("f", "family"), ("g", "genus"))
PLACEHOLDER = "unassigned_"
# Debian's rdp_classifier wrapper fixes the heap at 512 MB, too little to train
# on a whole 16S reference, and its JAR's main class is the legacy one-sample
# command: call the JAR's subcommand dispatcher (train, classify) with more.
RDP = ["java", "-Xmx4g", "-cp", "/usr/share/rdp-classifier/rdp_classifier.jar",
       "edu.msu.cme.rdp.classifier.cli.ClassifierMain"]


def lineage_of(header):
    """Root-to-genus names from a SINTAX label, or None without a genus."""
    labels = {}
    if ";tax=" in header:
        for item in header.split(";tax=", 1)[1].rstrip(";").split(","):
            if ":" in item:
                rank, name = item.split(":", 1)
                labels[rank] = name
    if "g" not in labels:
        return None
    names, parent = [], "Root"
    for code, _ in RANKS:
        name = labels.get(code) or PLACEHOLDER + parent
        names.append(name)
        parent = name
    return names


def write_training_files(reference, folder):
    """Writes taxonomy.txt and train.fa for `rdp_classifier train`; returns their paths."""
    os.makedirs(folder, exist_ok=True)
    taxonomy_path, fasta_path = os.path.join(folder, "taxonomy.txt"), os.path.join(folder, "train.fa")
    ids = {(): 0}
    lines = ["0*Root*-1*0*rootrank"]
    with open(reference) as source, open(fasta_path, "w") as fasta:
        keep = False
        for line in source:
            if line.startswith(">"):
                names = lineage_of(line[1:].strip())
                keep = names is not None
                if not keep:
                    continue
                # Nodes are keyed by their whole path: a genus name used under two
                # families stays two nodes, as RDP's tree requires.
                for depth in range(1, len(names) + 1):
                    path = tuple(names[:depth])
                    if path not in ids:
                        ids[path] = len(ids)
                        lines.append(f"{ids[path]}*{names[depth - 1]}*{ids[path[:-1]]}*{depth}*{RANKS[depth - 1][1]}")
                fasta.write(f">{line[1:].split()[0].split(';')[0]}\tRoot;{';'.join(names)}\n")
            elif keep:
                fasta.write(line)
    with open(taxonomy_path, "w") as taxonomy:
        taxonomy.write("\n".join(lines) + "\n")
    return taxonomy_path, fasta_path


def properties_path(folder):
    """The rRNAClassifier.properties of a model trained into `folder`, written last."""
    return os.path.join(folder, "model", "rRNAClassifier.properties")


def train(reference, folder, properties_template):
    """Trains the model into `folder`; returns its rRNAClassifier.properties."""
    taxonomy, fasta = write_training_files(reference, folder)
    properties = properties_path(folder)
    if os.path.exists(properties):
        os.remove(properties)  # a model half retrained must not pass for a whole one
    subprocess.run(RDP + ["train", "-o", os.path.dirname(properties), "-s", fasta, "-t", taxonomy], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(properties_template) as template, open(properties, "w") as out:
        out.write(template.read())
    return properties


def fastq_to_fasta(fastq, fasta):
    with open(fastq) as source, open(fasta, "w") as out:
        for number, line in enumerate(source):
            if number % 4 == 0:
                out.write(">" + line[1:].split()[0] + "\n")
            elif number % 4 == 1:
                out.write(line)


def classify(properties, query_fastq, output, confidence):
    """Classifies the reads of `query_fastq`; `output` gets RDP's fixed-rank table."""
    fasta = output + ".query.fa"
    fastq_to_fasta(query_fastq, fasta)
    try:
        subprocess.run(RDP + ["classify", "-t", properties, "-c", str(confidence), "-f", "allrank", "-o", output,
                        fasta], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.remove(fasta)  # RDP reads FASTA only; the copy is of no use after


def calls(output, confidence):
    """read -> genus called at `confidence` or better (None: not called at genus)."""
    result = {}
    with open(output) as table:
        for line in table:
            fields = line.rstrip("\n").split("\t")
            genus = None
            # name, direction, then (taxon, rank, confidence) triples from Root down.
            for index in range(2, len(fields) - 2, 3):
                if fields[index + 1] == "genus" and float(fields[index + 2]) >= confidence and \
                        not fields[index].startswith(PLACEHOLDER):
                    genus = fields[index]
            result[fields[0]] = genus
    return result
