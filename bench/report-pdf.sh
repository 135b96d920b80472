#!/usr/bin/env bash
# Measures the participation report of a large consultation (10,000 reactions, 20,000 votes) as JSON and as PDF:
# nl.sed.samen.bench.ReportPdfBench, run in the test JVM against the embedded PostgreSQL. It asserts only that the
# figures are right and the PDF is valid PDF/UA-1, never a time. Takes about 3-4 minutes on 2 cores (with the build).
# Results: target/bench-report-pdf.md (the last run's figures are copied into bench/RESULTS-report-pdf.md by hand).
#   bench/report-pdf.sh [-Dbench.reactions=N] [-Dbench.votes=N] [-Dbench.runs=N]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -o test -Dtest=ReportPdfBench -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat target/bench-report-pdf.md
