#!/usr/bin/env bash
# Runs the OGC API - Features conformance suite (OGC's ets-ogcapi-features10) against a landing page
# and says what failed.
#
#   ETS_JAR=/path/to/ets-ogcapi-features10-x.y-aio.jar src/test/ets/ogc-ets.sh <landing-url> [outdir]
#
# The suite is OGC's code, built outside this repository from its own release: this script only runs
# the all-in-one jar it is handed. Exit status: 0 all passed, 1 something failed, 2 the suite did not run.
set -euo pipefail

usage="usage: ETS_JAR=/path/to/ets-ogcapi-features10-x.y-aio.jar $0 <landing-url> [outdir]"
[[ $# -eq 1 || $# -eq 2 ]] || { echo "$usage" >&2; exit 2; }
[[ -f ${ETS_JAR:-} ]] || { echo "ETS_JAR must name the suite's -aio.jar" >&2; echo "$usage" >&2; exit 2; }
url=$1
outdir=${2:-$(mktemp -d -t ogc-ets.XXXXXX)}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

# No DOCTYPE: the suite's XML parser would fetch java.sun.com's properties.dtd, and fail offline.
# noofcollections -1: every collection (up to the suite's cap of 20). Its default, 3, would skip any
# beyond; 0, though documented as "all", leaves the OpenAPI parameter-definition tests with nothing.
url_xml=${url//&/&amp;}
url_xml=${url_xml//</&lt;}
cat >"$outdir/test-run-props.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<properties version="1.0">
  <entry key="iut">$url_xml</entry>
  <entry key="noofcollections">-1</entry>
</properties>
EOF

# The suite logs every request and response (thousands of lines): keep them for reading, not on screen.
log=$outdir/ets.log
if ! java -jar "$ETS_JAR" -o "$outdir" "$outdir/test-run-props.xml" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "the suite did not run to the end; its log is $log" >&2
  exit 2
fi
# Each run writes a fresh testng/<uuid>/ directory and names its results file on the last line.
results=$(sed -n 's|^Test results: file:||p' "$log" | tail -n 1)
[[ -f $results ]] || { echo "no testng-results.xml named in $log" >&2; exit 2; }
echo "results: $results (requests and responses: $log)"

python3 - "$results" <<'PY'
import re
import sys
import xml.etree.ElementTree as ET

counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
failures = []
for method in ET.parse(sys.argv[1]).getroot().iter("test-method"):
    status, setup = method.get("status"), method.get("is-config") == "true"
    # A setup method that fails is a failure too: it takes its whole class down with it.
    if setup and status != "FAIL":
        continue
    counts[status] = counts.get(status, 0) + 1
    if status != "FAIL":
        continue
    name = method.get("name") + (" (setup)" if setup else "")
    # Data-provider tests run once per collection or CRS: the short parameters tell the runs apart.
    params = [(p.findtext("value") or "").strip() for p in method.iter("param")]
    params = [p for p in params if p and len(p) <= 80 and "@" not in p]
    if params:
        name += " [" + ", ".join(params) + "]"
    # Rest-assured opens with "1 expectation failed."; the line after it is the one worth reading.
    lines = [l.strip() for l in (method.findtext("exception/message") or "").splitlines()]
    lines = [l for l in lines if l and not re.fullmatch(r"\d+ expectations? failed\.", l)]
    failures.append(f"FAILED {name}: {lines[0] if lines else '(no message)'}")

print(f"passed {counts['PASS']}, failed {counts['FAIL']}, skipped {counts['SKIP']}")
for line in failures:
    print(line)
sys.exit(1 if failures else 0)
PY
