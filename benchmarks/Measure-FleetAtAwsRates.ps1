<#
.SYNOPSIS
    Set-InstanceRole against EC2's real request limits, side by side with an AWS CLI loop and with the floor
    AWS's buckets allow, for N = 100 and N = 1,000.
.DESCRIPTION
    A benchmark, not a test. Each N gets a fresh sandbox with --rate-limits aws (EC2's documented buckets per
    action: Replace 50 burst / 5 a second, Associate 100 / 5, reads 100 / 20), profile propagation 2 s and
    associations taking 1 s. Half the fleet runs on profile 'before', half has none; all move to role 'after',
    whose profile Set-InstanceRole creates (so the propagation is waited out). The CLI loop is what a user would
    script: describe, replace or associate, poll every second until associated; it runs on a sample of 20
    instances and is extrapolated to N. The floor is what the buckets allow: propagation, plus the longer of
    (Replace calls - 50) / 5 and (Associate calls - 100) / 5 seconds, plus one association time.
    Prints a table, writes it to benchmarks/RESULTS.md and draws wall time against N (ScottPlot, in
    benchmarks/FleetPlot) to benchmarks/fleet-at-aws-rates.png, beside the estate benchmark's points; the table it
    draws from is kept in benchmarks/fleet-at-aws-rates.csv.
.EXAMPLE
    dotnet pwsh -NoProfile -File ./benchmarks/Measure-FleetAtAwsRates.ps1
#>
[CmdletBinding()]
param([int[]] $Instances = @(100, 1000), [int] $CliSample = 20)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'InstanceProfileTools.psd1') -Force
Import-Module (Join-Path $root 'tools/Sandbox.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'Benchmarks.psm1') -Force
$actions = 'DescribeIamInstanceProfileAssociations', 'DescribeInstances', 'ReplaceIamInstanceProfileAssociation', 'AssociateIamInstanceProfile'

function Start-Fleet([int] $Count) {
    $sandbox = Start-Sandbox -ArgumentList '--rate-limits', 'aws'
    $env:AWS_ENDPOINT_URL = $sandbox.Url; $env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1'
    Remove-Item Env:IPT_POLL_INTERVAL_MS -ErrorAction SilentlyContinue
    New-Ec2Role before, after
    $null = New-InstanceProfile -RoleName before -Wait
    $half = [int]($Count / 2)
    $ids = @((Invoke-Aws ec2 run-instances --image-id ami-12345678 --count $half --iam-instance-profile Name=before).Instances.InstanceId) +
        @((Invoke-Aws ec2 run-instances --image-id ami-12345678 --count ($Count - $half)).Instances.InstanceId)
    $settings = @{ consistency = @{ profilePropagationMs = 2000; associatingMs = 1000 } } | ConvertTo-Json -Compress -Depth 5
    $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Url)/_sandbox/settings" -ContentType 'application/json' -Body $settings
    [pscustomobject]@{ Sandbox = $sandbox; Ids = $ids; Half = $half }
}

$rows = foreach ($n in $Instances) {
    # Set-InstanceRole at its defaults.
    $fleet = Start-Fleet $n
    try {
        $before = Get-SandboxStats $fleet.Sandbox.Url
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $changes = @($fleet.Ids | Set-InstanceRole -RoleName after -ErrorAction SilentlyContinue)
        $clock.Stop()
        $after = Get-SandboxStats $fleet.Sandbox.Url
        $tool = $clock.Elapsed.TotalSeconds
        $perInstance = @{}
        foreach ($action in $actions) { $perInstance[$action] = ((Get-Counted $after.byAction $action) - (Get-Counted $before.byAction $action)) / $n }
        $throttled = $after.throttled - $before.throttled
        $requests = $after.requests - $before.requests
        $done = @($changes | Where-Object { $_.Changed -and $_.RoleName -eq 'after' }).Count
    }
    finally { $fleet.Sandbox | Stop-Sandbox }

    # The AWS CLI loop on a sample, on a fleet of its own (the profile exists and has propagated).
    $fleet = Start-Fleet $CliSample
    try {
        $null = New-InstanceProfile -RoleName after -Wait
        Start-Sleep -Seconds 2   # the profile's propagation to EC2, as the user would wait it out
        $cli = (Measure-CliLoop -InstanceId $fleet.Ids -InstanceProfileName after) / $CliSample * $n
    }
    finally { $fleet.Sandbox | Stop-Sandbox }

    $replace = $n - [int]($n / 2)
    $floor = 2 + [math]::Max(0, [math]::Max(([int]($n / 2) - 50) / 5, ($replace - 100) / 5)) + 1
    [pscustomobject]@{
        N = $n
        'Set-InstanceRole s' = [math]::Round($tool, 1)
        'AWS CLI loop s' = [math]::Round($cli, 0)
        'floor s' = [math]::Round($floor, 1)
        'ratio to floor' = [math]::Round($tool / $floor, 2)
        'CLI / tool' = [math]::Round($cli / $tool, 1)
        'Describe assoc /inst' = [math]::Round($perInstance['DescribeIamInstanceProfileAssociations'], 3)
        'DescribeInstances /inst' = [math]::Round($perInstance['DescribeInstances'], 3)
        'Replace /inst' = [math]::Round($perInstance['ReplaceIamInstanceProfileAssociation'], 3)
        'Associate /inst' = [math]::Round($perInstance['AssociateIamInstanceProfile'], 3)
        throttled = "$throttled of $requests"
        changed = $done
    }
}

$rows | Format-Table -AutoSize | Out-String -Width 250 | Write-Host
$machine = "$([Environment]::ProcessorCount) cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version), $(& aws --version 2>&1)"
$section = @('', '## Fleet role change at AWS request rates', '',
    'Command: `dotnet pwsh -NoProfile -File ./benchmarks/Measure-FleetAtAwsRates.ps1` (not part of the test command).', '',
    "Against the sandbox with ``--rate-limits aws`` (EC2's documented buckets), profile propagation 2 s, associations 1 s; half the fleet replaced, half associated. Machine: $machine. $(Get-Date -Format 'yyyy-MM-dd').", '') + (ConvertTo-MarkdownTable $rows) + @('', '![Wall time against N](fleet-at-aws-rates.png)')
Set-ResultsSection -Title 'Fleet role change at AWS request rates' -Lines $section

# Time against N, drawn by a small ScottPlot program, with the estate benchmark's points (Measure-EstateAtAwsRates.ps1).
$csv = Join-Path $PSScriptRoot 'fleet-at-aws-rates.csv'
@('N,tool,cli,floor') + @($rows | ForEach-Object { [string]::Format([cultureinfo]::InvariantCulture, '{0},{1},{2},{3}', $_.N, $_.'Set-InstanceRole s', $_.'AWS CLI loop s', $_.'floor s') }) | Set-Content -Path $csv
& dotnet run --project (Join-Path $PSScriptRoot 'FleetPlot') -c Release -- $csv (Join-Path $PSScriptRoot 'fleet-at-aws-rates.png') (Join-Path $PSScriptRoot 'estate-at-aws-rates.csv')
if ($LASTEXITCODE) { throw "FleetPlot failed with exit code $LASTEXITCODE" }
