<#
.SYNOPSIS
    Measures Set-InstanceRole on a fleet in the sandbox: how long a role change takes for N instances at a given
    throttle limit, under IAM propagation delays, association delays and throttling, and whether any instance was
    ever left without a profile (from the sandbox's association timeline).
.DESCRIPTION
    A benchmark, not a test: it prints figures and asserts nothing but the invariants it reports. Each run starts a
    fresh sandbox with the given settings, launches the fleet on profile 'before' with the AWS CLI, then moves it
    to role 'after' (a profile created in the same run, so the propagation delay is waited out).
.EXAMPLE
    dotnet pwsh -c "./benchmarks/Measure-FleetRoleChange.ps1 -Instances 1000 -ThrottleLimit 16, 64"
#>
[CmdletBinding()]
param(
    [int] $Instances = 500,
    [int[]] $ThrottleLimit = @(16, 64),
    [int] $ProfilePropagationMs = 2000,
    [int] $AssociatingMs = 500,
    [double] $ThrottleRate = 0.05,
    [int] $PollIntervalMs = 250
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'InstanceProfileTools.psd1') -Force
Import-Module (Join-Path $root 'tools/Sandbox.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'Benchmarks.psm1') -Force

foreach ($limit in $ThrottleLimit) {
    $sandbox = Start-Sandbox -ArgumentList '--seed', '7'
    try {
        $env:AWS_ENDPOINT_URL = $sandbox.Url; $env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'
        $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1'; $env:IPT_POLL_INTERVAL_MS = "$PollIntervalMs"
        # Set-up without delays or faults, so that only the measured change meets them.
        New-Ec2Role before, after
        $null = New-InstanceProfile -RoleName before -Wait
        $ids = (Invoke-Aws ec2 run-instances --image-id ami-0c55b159cbfafe1f0 --count $Instances --iam-instance-profile Name=before).Instances.InstanceId
        $settings = @{ consistency = @{ profilePropagationMs = $ProfilePropagationMs; associatingMs = $AssociatingMs }
                       faults = @{ throttleRate = $ThrottleRate } } | ConvertTo-Json -Compress -Depth 5
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Url)/_sandbox/settings" -ContentType 'application/json' -Body $settings

        $errors = @()
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $changes = $ids | Set-InstanceRole -RoleName after -ThrottleLimit $limit -ErrorAction SilentlyContinue -ErrorVariable +errors
        $clock.Stop()

        $timeline = Invoke-RestMethod -Uri "$($sandbox.Url)/_sandbox/timeline"
        $gaps = @($timeline | Where-Object { -not $_.effectiveInstanceProfileArn }).Count
        $stats = Get-SandboxStats $sandbox.Url
        $onTarget = @(Get-InstanceRole -InstanceId $ids | Where-Object { $_.RoleName -eq 'after' -and $_.State -eq 'associated' }).Count
        [pscustomobject]@{
            Instances = $Instances
            ThrottleLimit = $limit
            Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
            InstancesPerSecond = [math]::Round($Instances / $clock.Elapsed.TotalSeconds, 1)
            Changed = @($changes | Where-Object Changed).Count
            Failed = $errors.Count
            OnTarget = $onTarget
            MomentsWithoutProfile = $gaps
            SandboxRequests = $stats.requests
        }
    }
    finally {
        $sandbox | Stop-Sandbox
    }
}
