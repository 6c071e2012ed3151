# Shared by the shell tests (workflows, consumers): a scratch folder removed on exit, and neurotax on the PATH.
# Sourced with NEUROTAX set; defines $work.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$(realpath "$NEUROTAX")" "$work/bin/neurotax"
export PATH="$work/bin:$PATH"
