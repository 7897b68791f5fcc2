<#
.SYNOPSIS
    Measures what importing InstanceProfileTools costs a fresh PowerShell, and what its first cmdlet call adds.
.DESCRIPTION
    A benchmark, not a test. Import cost: the wall time of `pwsh -NoProfile -c "Import-Module <manifest>;
    Get-Command -Module InstanceProfileTools"` against a bare `pwsh -NoProfile -c exit`, run alternately side by
    side (so that both meet the same machine load), median of -Runs each, and their ratio. A third command imports
    an empty script module the same way, to show what PowerShell's own first Import-Module costs any module.
    First call: in one more fresh process, the time of the first Get-InstanceProfile against a sandbox after the
    import, and the assemblies it loads (name and load context).
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/Measure-ImportCost.ps1
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/Measure-ImportCost.ps1 -Manifest artifacts/publish/InstanceProfileTools/0.1.0/InstanceProfileTools.psd1
#>
[CmdletBinding()]
param(
    [string] $Manifest = (Join-Path (Split-Path $PSScriptRoot -Parent) 'InstanceProfileTools.psd1'),
    [int] $Runs = 7
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$Manifest = (Resolve-Path $Manifest).Path

function Invoke-Pwsh {
    <# Runs this process's PowerShell with -NoProfile -Command and answers its wall time in ms and its output. #>
    param([Parameter(Mandatory)][string] $Command)
    $start = [System.Diagnostics.ProcessStartInfo]::new((Get-Process -Id $PID).Path)
    if ([System.IO.Path]::GetFileNameWithoutExtension($start.FileName) -eq 'dotnet') {
        $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    foreach ($word in '-NoProfile', '-NonInteractive', '-Command', $Command) { $start.ArgumentList.Add($word) }
    $start.RedirectStandardOutput = $true
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($start)
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $clock.Stop()
    if ($process.ExitCode -ne 0) { throw "pwsh -c '$Command' failed ($($process.ExitCode)): $output" }
    [pscustomobject]@{ Milliseconds = $clock.Elapsed.TotalMilliseconds; Output = $output }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $sorted[[int][math]::Floor($sorted.Count / 2)]
}

$bare = 'exit'
$import = "Import-Module '$Manifest'; `$null = Get-Command -Module InstanceProfileTools"
$empty = Join-Path ([System.IO.Path]::GetTempPath()) "ipt-empty-$PID/Empty.psm1"
$null = New-Item $empty -ItemType File -Force -Value 'function Get-Nothing { }'
$reference = "Import-Module '$empty'; `$null = Get-Command -Module Empty"
$null = Invoke-Pwsh $bare; $null = Invoke-Pwsh $import; $null = Invoke-Pwsh $reference   # warm the file cache
$bareTimes = @(); $importTimes = @(); $referenceTimes = @()
for ($i = 0; $i -lt $Runs; $i++) {
    $bareTimes += (Invoke-Pwsh $bare).Milliseconds
    $importTimes += (Invoke-Pwsh $import).Milliseconds
    $referenceTimes += (Invoke-Pwsh $reference).Milliseconds
}
Remove-Item (Split-Path $empty -Parent) -Recurse -Force
$bareMedian = Get-Median $bareTimes
$importMedian = Get-Median $importTimes
$referenceMedian = Get-Median $referenceTimes

# The first call: a sandbox to answer it, and the assemblies it loads.
Import-Module (Join-Path $root 'tools/Sandbox.psm1') -Force
$sandbox = Start-Sandbox
try {
    $probe = @"
`$env:AWS_ACCESS_KEY_ID = 'test'; `$env:AWS_SECRET_ACCESS_KEY = 'test'; `$env:AWS_REGION = 'us-east-1'
Import-Module '$Manifest'
`$before = [AppDomain]::CurrentDomain.GetAssemblies()
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$null = Get-InstanceProfile -EndpointUrl '$($sandbox.Url)'
`$first = `$clock.Elapsed.TotalMilliseconds
`$clock.Restart()
`$null = Get-InstanceProfile -EndpointUrl '$($sandbox.Url)'
`$second = `$clock.Elapsed.TotalMilliseconds
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_ -notin `$before } | ForEach-Object {
    `$context = [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_)
    '{0} ({1})' -f `$_.GetName().Name, `$(if (`$context.Name) { `$context.Name } else { `$context.GetType().Name }) } | Sort-Object
@{ First = `$first; Second = `$second; Loaded = @(`$loaded) } | ConvertTo-Json -Compress
"@
    $firstCall = (Invoke-Pwsh $probe).Output | ConvertFrom-Json
}
finally {
    $sandbox | Stop-Sandbox
}

[pscustomobject]@{
    Runs = $Runs
    BareMs = [math]::Round($bareMedian)
    ImportMs = [math]::Round($importMedian)
    Ratio = [math]::Round($importMedian / $bareMedian, 2)
    EmptyModuleMs = [math]::Round($referenceMedian)
    EmptyModuleRatio = [math]::Round($referenceMedian / $bareMedian, 2)
    FirstCallMs = [math]::Round($firstCall.First)
    SecondCallMs = [math]::Round($firstCall.Second)
    FirstCallLoads = $firstCall.Loaded -join ', '
} | Format-List
