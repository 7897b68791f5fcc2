<#
.SYNOPSIS
    Set-InstanceRole over a fleet spread across four regions, in one command, beside four single-region runs one after
    another and the AWS CLI loop, at EC2's real request limits; and Get-InstanceRole -Region * over 17 regions.
.DESCRIPTION
    A benchmark, not a test. Each series gets a fresh sandbox with --rate-limits aws (EC2's documented buckets, kept
    per account and region as EC2 keeps them: EVIDENCE row 22), profile propagation 2 s. N instances are spread evenly
    over the regions; in each, half run on profile 'before' and half have none, and all move to role 'after', whose
    profile Set-InstanceRole creates. The series run with associations taking 1 s and then 5 s.
    The floor is one region's share of what the buckets allow, since the regions' buckets are apart: propagation,
    plus the longer of (Replace calls - 50) / 5 and (Associate calls - 100) / 5 seconds, plus one association time.
    The first single-region run creates the profile as the one command does: the one command against it is the
    price of doing four regions at once instead of one.
    With -ThrottleLimit's 64 in flight per region and associations of A seconds, the in-flight bound is 64 / A
    instances a second per region; the buckets allow 10 (5 Replace + 5 Associate): the table says which binds.
    The CLI loop is extrapolated from a sample (describe, replace or associate, poll every second), region after region.
    Writes the tables to benchmarks/RESULTS.md and the points to benchmarks/estate-at-aws-rates.csv, and redraws
    benchmarks/fleet-at-aws-rates.png with them.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/Measure-EstateAtAwsRates.ps1
#>
[CmdletBinding()]
param(
    [int] $Instances = 1000,
    [string[]] $Regions = @('us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'),
    [int[]] $AssociatingSeconds = @(1, 5),
    [int] $CliSample = 20
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'InstanceProfileTools.psd1') -Force
Import-Module (Join-Path $root 'tools/Sandbox.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'Benchmarks.psm1') -Force
$perRegion = [int]($Instances / $Regions.Count)
$throttleLimit = 64

# A sandbox at AWS's rates with $perRegion instances in each region, half on 'before'; answers it and the ids by region.
function Start-Estate([int] $Count, [int] $AssociatingMs) {
    $sandbox = Start-Sandbox -ArgumentList '--rate-limits', 'aws'
    $env:AWS_ENDPOINT_URL = $sandbox.Url; $env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1'
    Remove-Item Env:IPT_POLL_INTERVAL_MS -ErrorAction SilentlyContinue
    New-Ec2Role before, after
    $null = New-InstanceProfile -RoleName before -Wait
    $idsOf = [ordered]@{}
    foreach ($region in $Regions) {
        $half = [int]($Count / 2)
        $idsOf[$region] = @((Invoke-Aws ec2 run-instances --region $region --image-id ami-12345678 --count $half --iam-instance-profile Name=before).Instances.InstanceId) +
            @((Invoke-Aws ec2 run-instances --region $region --image-id ami-12345678 --count ($Count - $half)).Instances.InstanceId)
    }
    $settings = @{ consistency = @{ profilePropagationMs = 2000; associatingMs = $AssociatingMs } } | ConvertTo-Json -Compress -Depth 5
    $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Url)/_sandbox/settings" -ContentType 'application/json' -Body $settings
    [pscustomobject]@{ Sandbox = $sandbox; IdsOf = $idsOf }
}

# Runs a block, answering its output, its seconds and what reached the sandbox meanwhile.
function Measure-Run([string] $Url, [scriptblock] $Run) {
    $before = Get-SandboxStats $Url
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = @(& $Run)
    $clock.Stop()
    $after = Get-SandboxStats $Url
    [pscustomobject]@{
        Output = $output; Seconds = $clock.Elapsed.TotalSeconds
        Throttled = $after.throttled - $before.throttled; Requests = $after.requests - $before.requests
        ByRegion = $after.byRegion; Before = $before.byRegion
    }
}

$rows = foreach ($associating in $AssociatingSeconds) {
    # One command over every region.
    $estate = Start-Estate $perRegion ($associating * 1000)
    try {
        $all = @($estate.IdsOf.Values | ForEach-Object { $_ })
        $one = Measure-Run $estate.Sandbox.Url { $all | Set-InstanceRole -RoleName after -Region $Regions -ErrorAction SilentlyContinue }
    }
    finally { $estate.Sandbox | Stop-Sandbox }

    # The same fleet as four runs, one region after another.
    $estate = Start-Estate $perRegion ($associating * 1000)
    try {
        $sequence = foreach ($region in $Regions) {
            $ids = $estate.IdsOf[$region]
            Measure-Run $estate.Sandbox.Url { $ids | Set-InstanceRole -RoleName after -Region $region -ErrorAction SilentlyContinue }
        }
    }
    finally { $estate.Sandbox | Stop-Sandbox }

    $replaces = $perRegion - [int]($perRegion / 2)
    $floor = 2 + [math]::Max(0, [math]::Max(([int]($perRegion / 2) - 50) / 5, ($replaces - 100) / 5)) + $associating
    $inFlightBound = $throttleLimit / $associating
    $changed = @($one.Output | Where-Object { $_.Changed -and $_.RoleName -eq 'after' }).Count
    $sequenceSeconds = ($sequence | Measure-Object Seconds -Sum).Sum
    [pscustomobject]@{
        'association s' = $associating
        regions = $Regions.Count
        N = $perRegion * $Regions.Count
        'one command s' = [math]::Round($one.Seconds, 1)
        'one region after another s' = [math]::Round($sequenceSeconds, 1)
        'floor of one region''s share s' = [math]::Round($floor, 1)
        'ratio to floor' = [math]::Round($one.Seconds / $floor, 2)
        'sequence / one command' = [math]::Round($sequenceSeconds / $one.Seconds, 2)
        'first region alone s' = [math]::Round($sequence[0].Seconds, 1)
        'one command / first region alone' = [math]::Round($one.Seconds / $sequence[0].Seconds, 2)
        # 64 in flight, each held A seconds, pass at most 64 / A a second; the buckets pass 10 (5 Replace + 5 Associate).
        'binds' = if ($inFlightBound -lt 10) { "in flight: $throttleLimit / $associating s = $([math]::Round($inFlightBound, 1))/s < 10/s" } else { "buckets: 10/s <= $throttleLimit / $associating s = $([math]::Round($inFlightBound, 1))/s in flight" }
        throttled = "$($one.Throttled) of $($one.Requests)"
        changed = $changed
    }
}

# The AWS CLI loop on a sample in one region, extrapolated to the whole fleet (a loop goes region after region).
$estate = Start-Estate $CliSample 1000
try {
    $null = New-InstanceProfile -RoleName after -Wait
    Start-Sleep -Seconds 2   # the profile's propagation to EC2, as the user would wait it out
    $cli = (Measure-CliLoop -InstanceId $estate.IdsOf[$Regions[0]] -InstanceProfileName after -Region $Regions[0]) / $CliSample * $perRegion * $Regions.Count
}
finally { $estate.Sandbox | Stop-Sandbox }

# Get-InstanceRole -Region * over the seventeen regions a new account has, the fleet in four of them.
$estate = Start-Estate $perRegion 1000
try {
    $all = @($estate.IdsOf.Values | ForEach-Object { $_ })
    $read = Measure-Run $estate.Sandbox.Url { Get-InstanceRole -InstanceId $all -Region '*' }
    $regionsRead = @($read.ByRegion.PSObject.Properties | Where-Object { $_.Value - (Get-Counted $read.Before $_.Name) -gt 0 })
    $calls = @($regionsRead | ForEach-Object { $_.Value - (Get-Counted $read.Before $_.Name) })
    $lookup = [pscustomobject]@{
        N = $all.Count
        'regions read' = $regionsRead.Count
        'wall s' = [math]::Round($read.Seconds, 1)
        'calls per region (min-max)' = "$(($calls | Measure-Object -Minimum).Minimum)-$(($calls | Measure-Object -Maximum).Maximum)"
        'requests' = $read.Requests
        'found' = @($read.Output).Count
        throttled = $read.Throttled
    }
}
finally { $estate.Sandbox | Stop-Sandbox }

$rows | Format-Table -AutoSize | Out-String -Width 250 | Write-Host
$lookup | Format-Table -AutoSize | Out-String -Width 250 | Write-Host
Write-Host "AWS CLI loop, extrapolated to $($perRegion * $Regions.Count) instances: $([math]::Round($cli, 0)) s"

$machine = "$([Environment]::ProcessorCount) cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version)"
$section = @('', '## Fleet role change across regions', '',
    'Command: `dotnet pwsh -NoProfile -File ./benchmarks/Measure-EstateAtAwsRates.ps1` (not part of the test command).', '',
    "Against the sandbox with ``--rate-limits aws`` (EC2's documented buckets, per account and region), profile propagation 2 s; $perRegion instances in each of $($Regions -join ', '), half replaced, half associated. Set-InstanceRole at its defaults ($throttleLimit in flight per region). The floor is one region's share (the regions' buckets are apart). A figure from the sandbox's model of AWS's limits, not from AWS. Machine: $machine. $(Get-Date -Format 'yyyy-MM-dd').", '') +
    (ConvertTo-MarkdownTable $rows) +
    @('', "The AWS CLI loop (describe, replace or associate, poll every second), extrapolated from $CliSample instances to $($perRegion * $Regions.Count), region after region: $([math]::Round($cli, 0)) s.", '',
    "``Get-InstanceRole -InstanceId <$($all.Count) ids> -Region *`` over the 17 regions a new account has, the instances in $($Regions.Count) of them:", '') +
    (ConvertTo-MarkdownTable @($lookup))
Set-ResultsSection -Title 'Fleet role change across regions' -Lines $section

# The points beside the fleet's series in benchmarks/fleet-at-aws-rates.png.
$points = Join-Path $PSScriptRoot 'estate-at-aws-rates.csv'
@('label,N,seconds') + @($rows | Where-Object 'association s' -EQ 1 | ForEach-Object {
    [string]::Format([cultureinfo]::InvariantCulture, '{0} regions in one command,{1},{2}', $_.regions, $_.N, $_.'one command s')
    [string]::Format([cultureinfo]::InvariantCulture, '{0} regions one after another,{1},{2}', $_.regions, $_.N, $_.'one region after another s')
    [string]::Format([cultureinfo]::InvariantCulture, 'floor of one region''s share,{0},{1}', $_.N, $_.'floor of one region''s share s')
}) | Set-Content -Path $points
& dotnet run --project (Join-Path $PSScriptRoot 'FleetPlot') -c Release -- (Join-Path $PSScriptRoot 'fleet-at-aws-rates.csv') (Join-Path $PSScriptRoot 'fleet-at-aws-rates.png') $points
if ($LASTEXITCODE) { throw "FleetPlot failed with exit code $LASTEXITCODE" }
