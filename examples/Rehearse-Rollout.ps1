<#
.SYNOPSIS
    A staged rollout of a broken role, rehearsed against the sandbox: the canary fails its health check, the
    rollout stops, the canary goes back, and nothing beyond it changed. Then a healthy rollout in waves, and its
    undo from the journal.
.DESCRIPTION
    The health check here asks the sandbox what each instance's metadata service would serve
    (GET /_sandbox/instances/<id>/credentials), and the sandbox's brokenRoles setting makes one role unhealthy. A real
    check asks the instances themselves: see "Staged rollouts" in the README. With no -EndpointUrl the script starts
    a sandbox of its own and stops it at the end.
.EXAMPLE
    dotnet pwsh -File examples/Rehearse-Rollout.ps1
#>
[CmdletBinding()]
param(
    [string] $EndpointUrl
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'InstanceProfileTools.psd1') -Force
Import-Module (Join-Path $root 'tools/Sandbox.psm1') -Force
$rehearsal = Enter-Rehearsal -EndpointUrl $EndpointUrl
$EndpointUrl = $rehearsal.Url

function Show([string] $step) { Write-Host "`n### $step" -ForegroundColor Cyan }
function Invoke-Aws { $out = & aws @args --output json; if ($LASTEXITCODE) { throw "aws $args failed" }; $out | ConvertFrom-Json }
function Set-Sandbox([hashtable] $settings) {
    $null = Invoke-RestMethod -Method Post -Uri "$EndpointUrl/_sandbox/settings" -ContentType 'application/json' -Body ($settings | ConvertTo-Json -Depth 5)
}

# The rehearsal's health check: every instance of the wave must be serving healthy credentials.
$healthCheck = {
    param($Changes)
    foreach ($change in $Changes) {
        $seen = Invoke-RestMethod "$EndpointUrl/_sandbox/instances/$($change.InstanceId)/credentials"
        Write-Host "  health check: $($change.InstanceId) serves role $($seen.RoleName), healthy: $($seen.Healthy)"
        $seen.Healthy
    }
}

$journal = Join-Path ([IO.Path]::GetTempPath()) "rehearse-rollout-$PID.jsonl"
try {
    Show "Sandbox at $EndpointUrl; associations take 300 ms, as EC2's take seconds"
    Set-Sandbox @{ consistency = @{ associatingMs = 300; disassociatingMs = 200 } }
    $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    foreach ($role in 'web-v1', 'web-v2-broken', 'web-v2') {
        $null = Invoke-Aws iam create-role --role-name $role --assume-role-policy-document $trust
    }
    $null = New-InstanceProfile -RoleName web-v1 -Wait
    $fleet = @((Invoke-Aws ec2 run-instances --image-id ami-0c55b159cbfafe1f0 --count 9 --instance-type t3.micro --iam-instance-profile Name=web-v1).Instances.InstanceId)
    $null = Wait-InstanceProfile -Name web-v1
    Write-Host "Nine instances on web-v1: $($fleet -join ', ')"

    Show 'A role that lacks a permission the application needs (the sandbox calls it broken)'
    Set-Sandbox @{ brokenRoles = @('web-v2-broken') }

    Show 'Set-InstanceRole -Canary 1 -WaveSize 4 -HealthCheck: the canary fails its check'
    try {
        $null = $fleet | Set-InstanceRole -RoleName web-v2-broken -Canary 1 -WaveSize 4 -HealthCheck $healthCheck -JournalPath $journal -OutVariable canary
    }
    catch {
        Write-Host "Stopped: $($_.FullyQualifiedErrorId)`n$($_.Exception.Message)"
    }
    # The canary's change, then its rollback.
    $canary | Format-Table InstanceId, Wave, Changed, Method, RoleName | Out-Host

    Show 'Nothing beyond the canary changed: every instance runs with web-v1'
    Get-InstanceRole -InstanceId $fleet | Format-Table InstanceId, RoleName, InstanceProfileName | Out-Host
    if (@(Get-InstanceRole -InstanceId $fleet | Where-Object RoleName -NE 'web-v1').Count) { throw 'an instance is not on web-v1' }

    Show 'A good role, in waves: canary, then 4 at a time, each wave checked'
    $fleet | Set-InstanceRole -RoleName web-v2 -Canary 1 -WaveSize 4 -HealthCheck $healthCheck -JournalPath $journal | Format-Table InstanceId, Wave, Changed, RoleName | Out-Host

    Show 'The journal: one line per change'
    Get-Content $journal | ForEach-Object { $_ | ConvertFrom-Json } | Format-Table instanceId, command, wave, outcome, newRoleName | Out-Host

    Show 'The next morning: Undo-InstanceRole puts the fleet back from the journal'
    Undo-InstanceRole -JournalPath $journal | Format-Table InstanceId, Changed, Method, RoleName | Out-Host
    if (@(Get-InstanceRole -InstanceId $fleet | Where-Object RoleName -NE 'web-v1').Count) { throw 'the undo left an instance off web-v1' }

    Show 'Again: everything is back already, so nothing is called'
    Undo-InstanceRole -JournalPath $journal | Format-Table InstanceId, Changed | Out-Host
}
finally {
    Remove-Item $journal, "$journal.lock" -ErrorAction SilentlyContinue
    if ($rehearsal.Started) { $rehearsal.Started | Stop-Sandbox }
}
