#!/usr/bin/env bash
# Runs every test suite — xunit (Core and sandbox), node conformance against the sandbox, Pester specs against
# the sandbox and moto — after installing what they need from NuGet and npm, and ends with one line
# "N passed, N failed" over all of them. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
passed=0
failed=0

step() { printf '\n=== %s\n' "$*"; }
add() { passed=$((passed + $1)); failed=$((failed + $2)); printf -- '--- %s: %s passed, %s failed\n' "$3" "$1" "$2"; }

step "restore and build"
dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; echo "0 passed, 1 failed"; exit 1; }
if ! dotnet build InstanceProfileTools.sln -c Debug -nologo -v q -clp:ErrorsOnly; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

step "xunit"
for project in tests/InstanceProfileTools.Core.Tests tests/InstanceProfileTools.Sandbox.Tests; do
    name=$(basename "$project")
    dotnet test "$project" --no-build -c Debug -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" -v q
    trx="$results/$name.trx"
    if [ -f "$trx" ]; then
        # <Counters total=".." executed=".." passed=".." failed=".." ... notExecuted="..">; not executed counts as failed.
        counters=$(grep -o '<Counters [^>]*>' "$trx")
        p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
        f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
        n=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$counters")
        add "$p" $((f + n)) "$name"
    else
        add 0 1 "$name (no results)"
    fi
done

step "conformance (node, @aws-sdk clients against the sandbox)"
if (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    sandbox_dll=$(ls -t artifacts/bin/InstanceProfileTools.Sandbox/debug/InstanceProfileTools.Sandbox.dll 2>/dev/null | head -1)
    (cd tests/conformance && IPT_SANDBOX_DLL="$root/$sandbox_dll" node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$results/conformance.tap")
    p=$(grep -E '^# pass [0-9]+' "$results/conformance.tap" | awk '{print $3}')
    f=$(grep -E '^# fail [0-9]+' "$results/conformance.tap" | awk '{print $3}')
    c=$(grep -E '^# cancelled [0-9]+' "$results/conformance.tap" | awk '{print $3}')
    add "${p:-0}" $(( ${f:-1} + ${c:-0} )) conformance
else
    add 0 1 "conformance (npm ci failed)"
fi

step "Pester (dotnet pwsh, against the sandbox and moto)"
dotnet pwsh -NoProfile -NonInteractive -File tests/run-pester.ps1 -CountsFile "$results/pester.counts"
if [ -f "$results/pester.counts" ]; then
    read -r p f <"$results/pester.counts"
    add "$p" "$f" Pester
else
    add 0 1 "Pester (no results)"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
