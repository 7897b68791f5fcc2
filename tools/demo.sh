#!/usr/bin/env bash
# The main job: builds the module and the sandbox, then runs the example runbook against a sandbox it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build InstanceProfileTools.sln -c Debug -nologo -v q -clp:ErrorsOnly
exec dotnet pwsh -NoProfile -File examples/Rehearse-RoleChange.ps1 "$@"
