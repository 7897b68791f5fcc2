<#
.SYNOPSIS
    Runs the Pester specs with the Pester restored from NuGet (tests/Pester/Pester.csproj), not one installed by hand.
.DESCRIPTION
    The specs spend most of their time waiting on the sandbox's simulated propagation and associations, so they run
    in -Shards processes side by side, each with a sandbox of its own; each process takes the next spec file not yet
    taken, longest first (file size stands in for length), so that the shards end close together.
.PARAMETER Path
    Spec files or folders; all of tests/Pester by default.
.PARAMETER CountsFile
    Where to write "<passed> <failed>" for the caller's overall summary.
.PARAMETER Shards
    How many processes run specs at once: one per core, at most two (each also runs a sandbox). One when the caller
    gives a sandbox in IPT_SANDBOX_URL, since every spec file resets it.
.PARAMETER ClaimDirectory
    For a shard: the folder where shards claim spec files, one marker file each.
#>
[CmdletBinding()]
param(
    [string[]] $Path = (Join-Path $PSScriptRoot 'Pester'),
    [string] $CountsFile,
    [string] $Output = 'Normal',
    [int] $Shards = [Math]::Min(2, [Environment]::ProcessorCount),
    [string] $ClaimDirectory
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Longest first: the file that takes longest starts first, so no shard is left with it at the end.
$files = @(Get-ChildItem -Path $Path -Recurse -File -Filter '*.Tests.ps1' | Sort-Object Length -Descending | ForEach-Object FullName)
if ($env:IPT_SANDBOX_URL) { $Shards = 1 }
$Shards = [Math]::Max(1, [Math]::Min($Shards, $files.Count))

if ($Shards -gt 1 -and -not $ClaimDirectory) {
    $work = Join-Path ([IO.Path]::GetTempPath()) "ipt-pester-$PID"
    $claims = New-Item -ItemType Directory -Path (Join-Path $work 'claims') -Force
    $shells = foreach ($shard in 1..$Shards) {
        $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([IO.Path]::GetFileNameWithoutExtension($start.FileName) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        # -Command, not -File: -File cannot pass a list to -Path.
        $quoted = { param($text) "'" + ($text -replace "'", "''") + "'" }
        $command = "& $(& $quoted $PSCommandPath) -Shards 1 -Output $Output -ClaimDirectory $(& $quoted $claims.FullName) " +
            "-CountsFile $(& $quoted (Join-Path $work "shard$shard.counts")) -Path @($(($files | ForEach-Object { & $quoted $_ }) -join ',')); exit `$LASTEXITCODE"
        foreach ($word in '-NoProfile', '-NonInteractive', '-Command', $command) { $start.ArgumentList.Add($word) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        [pscustomobject]@{ Shard = $shard; Process = $process; Out = $process.StandardOutput.ReadToEndAsync(); Err = $process.StandardError.ReadToEndAsync() }
    }

    $passed = 0; $failed = 0; $durations = @()
    foreach ($shell in $shells) {
        $shell.Process.WaitForExit()
        Write-Host "`n=== Pester shard $($shell.Shard) of $Shards`n$($shell.Out.Result)$($shell.Err.Result)"
        $counts = Join-Path $work "shard$($shell.Shard).counts"
        $p, $f = 0, 0
        if (Test-Path $counts) {
            $lines = @(Get-Content $counts)
            $p, $f = @($lines[0] -split ' ' | ForEach-Object { [int]$_ })
            $durations += $lines | Select-Object -Skip 1
        }
        else {
            Write-Warning "Pester shard $($shell.Shard) wrote no counts (exit code $($shell.Process.ExitCode))."
        }
        # A shard that exits in error with nothing failed (no counts, a skipped spec) counts as one failure.
        if ($shell.Process.ExitCode -ne 0 -and $f -eq 0) { $f = 1 }
        $passed += $p; $failed += $f
    }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue

    # Where the time goes, so that the suite's budget (DESIGN.md: well under 10 minutes) is watched file by file.
    $durations | Sort-Object { [double]($_ -split ' ')[0] } -Descending | Select-Object -First 8 |
        ForEach-Object { $seconds, $file = $_ -split ' ', 2; '{0,7:n1} s  {1}' -f [double]$seconds, $file } | Write-Host
    Write-Host "Pester: $passed passed, $failed failed in $Shards shards."
    if ($CountsFile) { Set-Content -Path $CountsFile -Value "$passed $failed" }
    exit ([int]($failed -gt 0))
}

[xml] $project = Get-Content (Join-Path $PSScriptRoot 'Pester/Pester.csproj')
$version = $project.Project.PropertyGroup.PesterVersion
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$manifest = Join-Path $packages "pester/$version/tools/Pester.psd1"
if (-not (Test-Path $manifest)) {
    throw "Pester $version is not restored at $manifest; run: dotnet restore tests/Pester/Pester.csproj"
}
Import-Module $manifest -Force

# One sandbox for this process; each spec file resets it. A caller may pass its own in IPT_SANDBOX_URL.
$sandbox = $null
if (-not $env:IPT_SANDBOX_URL) {
    Import-Module (Join-Path $PSScriptRoot '../tools/Sandbox.psm1') -Force
    $sandbox = Start-Sandbox
    $env:IPT_SANDBOX_URL = $sandbox.Url
}

# A shard runs the files it claims first; alone, it runs them all.
function Test-Claim([string] $File) {
    if (-not $ClaimDirectory) { return $true }
    try {
        [IO.File]::Open((Join-Path $ClaimDirectory (Split-Path $File -Leaf)), [IO.FileMode]::CreateNew).Dispose()
        $true
    }
    catch [IO.IOException] { $false }
}

$containers = @()
$passed = 0; $failed = 0; $skipped = 0
try {
    foreach ($file in $files) {
        if (-not (Test-Claim $file)) { continue }
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $file
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = $Output
        $result = Invoke-Pester -Configuration $configuration
        $containers += $result.Containers
        $passed += $result.PassedCount
        $failed += $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        $skipped += $result.SkippedCount + $result.NotRunCount
    }
}
finally {
    if ($sandbox) {
        $sandbox | Stop-Sandbox
        Remove-Item Env:IPT_SANDBOX_URL
    }
}

$slowest = @($containers | Sort-Object Duration -Descending | ForEach-Object {
    [string]::Format([cultureinfo]::InvariantCulture, '{0:0.0} {1}', $_.Duration.TotalSeconds, (Split-Path $_.Item -Leaf)) })
if (-not $ClaimDirectory) {
    $slowest | Select-Object -First 8 | ForEach-Object { $seconds, $file = $_ -split ' ', 2; '{0,7:n1} s  {1}' -f [double]$seconds, $file } | Write-Host
}

if ($CountsFile) {
    Set-Content -Path $CountsFile -Value (@("$passed $failed") + $(if ($ClaimDirectory) { $slowest } else { @() }))
}
# A skipped spec hides a failure (DESIGN.md, section 5): count it as one.
if ($skipped -gt 0) {
    Write-Warning "$skipped skipped or not run: the project allows neither."
}
exit ([int]($failed -gt 0 -or $skipped -gt 0))
