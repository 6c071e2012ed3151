#!/usr/bin/env bash
# Renders the report of a small real run in headless Chromium: the page loads
# without script errors, and the rendered DOM holds the samples (names with
# HTML characters escaped, not interpreted), genera and compounds.
# Usage: browser_test.sh NEUROTAX_BINARY SOURCE_DIR DADA2_EXTDATA [SCREENSHOT.png]
set -euo pipefail
neurotax=$1 extdata=$3 screenshot=${4:-}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
  echo "SKIPPED: Chromium is not installed (scripts/install-deps.sh --tests installs Debian's chromium)"
  exit 77
fi
source "$(dirname "${BASH_SOURCE[0]}")/small_run.sh"
page="file://$work/results/report.html"
browser=("$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
         --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
timeout 120 "${browser[@]}" --virtual-time-budget=5000 --dump-dom "$page" > "$work/dom.html" 2> "$work/chromium.log"
timeout 120 "${browser[@]}" --window-size=1280,2600 --hide-scrollbars --screenshot="$work/report.png" "$page" \
  >> "$work/chromium.log" 2>&1

fail() { echo "browser test: $*"; grep -i "console\|uncaught" "$work/chromium.log" | head -5; exit 1; }
# The script ran to its end and reported no error.
grep -q 'data-report-ready="yes"' "$work/dom.html" || fail "the report script did not finish"
grep -q 'class="script-error"' "$work/dom.html" && fail "script errors: $(grep -o 'script error[^<]*' "$work/dom.html")"
grep -qi 'Uncaught' "$work/chromium.log" && fail "uncaught exception in the console"
# Samples, genera and compounds are on the rendered page; the odd name is text, not markup.
for text in '>sam1<' '>sam2<' 'odd &lt;b&gt;&amp;"x"' 'Bacteroides' 'GABA' 'Neuroactive potential' 'not a diagnosis'; do
  grep -qF -- "$text" "$work/dom.html" || fail "'$text' is not in the rendered DOM"
done
grep -qF '<b>&amp;"x"' "$work/dom.html" && fail "a sample name was interpreted as HTML"
[[ $(head -c 8 "$work/report.png" | od -An -c | tr -d ' ') == '211PNG\r\n032\n' ]] || fail "no PNG screenshot"
[[ $(stat -c %s "$work/report.png") -gt 50000 ]] || fail "the screenshot is nearly empty"
# It prints: Chromium's PDF of the page.
timeout 120 "${browser[@]}" --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "$page" >> "$work/chromium.log" 2>&1
[[ $(head -c 5 "$work/report.pdf") == '%PDF-' && $(stat -c %s "$work/report.pdf") -gt 20000 ]] || fail "no PDF printout"

# 120 samples (sam1's profile under other names): a click on a header sorts
# the table, the table shows 50 rows a page, and the charts turn pages.
mkdir "$work/many"
for i in $(seq 1 120); do
  sed "1s/sample=sam1/sample=s$i/" "$work/results/sam1/sam1.abundance.tsv" > "$work/many/s$i.abundance.tsv"
done
neurotax report --quiet --page-size 50 --output "$work/many.html" "$work/many"
{ sed '/<\/body>/,$d' "$work/many.html"; echo '<script>'; cat "$(dirname "${BASH_SOURCE[0]}")/page_probe.js"; echo '</script></body></html>'; } \
  > "$work/probe.html"
timeout 120 "${browser[@]}" --virtual-time-budget=5000 --dump-dom "file://$work/probe.html" > "$work/probe_dom.html" 2>> "$work/chromium.log"
probe=$(grep -o 'data-probe="[^"]*"' "$work/probe_dom.html" || true)
[[ $probe == 'data-probe="s120|50|2"' ]] || fail "sorting and paging: expected s120|50|2, got ${probe:-nothing}"
grep -q 'class="script-error"' "$work/probe_dom.html" && fail "script errors on the 120-sample page"

[[ -n $screenshot ]] && cp "$work/report.png" "$screenshot"
echo "browser test: $("$chromium" --version 2>/dev/null | head -1): no script errors, 3 samples in the DOM, printed, sorted and paged"
