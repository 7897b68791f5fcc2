<#
.SYNOPSIS
    Runs the Pester specs with the Pester restored from NuGet (tests/Pester/Pester.csproj), not one installed by hand.
.PARAMETER Path
    Spec files or folders; all of tests/Pester by default.
.PARAMETER CountsFile
    Where to write "<passed> <failed>" for the caller's overall summary.
#>
[CmdletBinding()]
param(
    [string[]] $Path = (Join-Path $PSScriptRoot 'Pester'),
    [string] $CountsFile,
    [string] $Output = 'Normal'
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

[xml] $project = Get-Content (Join-Path $PSScriptRoot 'Pester/Pester.csproj')
$version = $project.Project.PropertyGroup.PesterVersion
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$manifest = Join-Path $packages "pester/$version/tools/Pester.psd1"
if (-not (Test-Path $manifest)) {
    throw "Pester $version is not restored at $manifest; run: dotnet restore tests/Pester/Pester.csproj"
}
Import-Module $manifest -Force

# One sandbox for the whole run; each spec file resets it. A caller may pass its own in IPT_SANDBOX_URL.
$sandbox = $null
if (-not $env:IPT_SANDBOX_URL) {
    Import-Module (Join-Path $PSScriptRoot '../tools/Sandbox.psm1') -Force
    $sandbox = Start-Sandbox
    $env:IPT_SANDBOX_URL = $sandbox.Url
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Output
try {
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    if ($sandbox) {
        $sandbox | Stop-Sandbox
        Remove-Item Env:IPT_SANDBOX_URL
    }
}

# Where the time goes, so that the suite's budget (DESIGN.md: well under 10 minutes) is watched file by file.
$result.Containers | Sort-Object Duration -Descending | Select-Object -First 8 |
    ForEach-Object { '{0,7:n1} s  {1}' -f $_.Duration.TotalSeconds, (Split-Path $_.Item -Leaf) } | Write-Host

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
if ($CountsFile) {
    Set-Content -Path $CountsFile -Value "$($result.PassedCount) $failed"
}
# A skipped spec hides a failure (DESIGN.md, section 5): count it as one.
if ($result.SkippedCount -gt 0 -or $result.NotRunCount -gt 0) {
    Write-Warning "$($result.SkippedCount) skipped and $($result.NotRunCount) not run: the project allows neither."
}
exit ([int]($failed -gt 0 -or $result.SkippedCount -gt 0))
