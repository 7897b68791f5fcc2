<#
.SYNOPSIS
    A day in the life of an instance profile, rehearsed against the sandbox: create a role and a profile, add the
    role, tag it, launch two instances, associate, list, replace, change roles safely (in two regions at once), and
    clean up.
.DESCRIPTION
    With no -EndpointUrl the script starts a sandbox of its own (src/InstanceProfileTools.Sandbox) and stops it at
    the end; point -EndpointUrl at a sandbox you started yourself (dotnet run --project
    src/InstanceProfileTools.Sandbox -- --port 8642) to look at its state afterwards. The role and the instances
    are made with the AWS CLI, as they would be in real life: the module manages profiles, not roles or instances.
.EXAMPLE
    dotnet pwsh -File examples/Rehearse-RoleChange.ps1
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

try {
    Show "Sandbox at $EndpointUrl"
    $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    foreach ($role in 'app-reader', 'app-writer') {
        $null = Invoke-Aws iam create-role --role-name $role --assume-role-policy-document $trust
    }

    Show 'New-InstanceProfile: a profile for app-reader, named after it as the console does, with a tag'
    New-InstanceProfile -Name app-reader -Path /apps/ -Tag @{ team = 'payments' } | Format-Table

    Show 'Add-ProfileRole, Add-InstanceProfileTag, Get-InstanceProfileTag'
    Add-ProfileRole -InstanceProfileName app-reader -RoleName app-reader
    Add-InstanceProfileTag -InstanceProfileName app-reader -Tag @{ owner = 'ops'; env = 'rehearsal' }
    Get-InstanceProfileTag -InstanceProfileName app-reader | Format-Table

    Show 'Add-ProfileRole again: a profile holds one role, and the error says how to change roles safely'
    Add-ProfileRole -InstanceProfileName app-reader -RoleName app-writer -ErrorAction Continue -ErrorVariable refused 2>$null
    Write-Host "Refused: $($refused[0].FullyQualifiedErrorId)`n$($refused[0].Exception.Message)"

    Show 'Two instances, launched with the AWS CLI'
    $instanceIds = (Invoke-Aws ec2 run-instances --image-id ami-0c55b159cbfafe1f0 --count 2 --instance-type t3.micro).Instances.InstanceId
    $instanceIds

    Show 'Register-InstanceProfile -Wait: associate the profile with both instances'
    $instanceIds | Register-InstanceProfile -InstanceProfileName app-reader -Wait | Format-Table

    Show 'Get-InstanceProfile and Get-InstanceProfileAssociation'
    Get-InstanceProfile -Name 'app-*' | Format-Table
    Get-InstanceProfileAssociation -InstanceId $instanceIds | Format-Table

    Show 'Set-InstanceProfileAssociation: replace the first instance''s profile with a new one, atomically'
    New-InstanceProfile -RoleName app-writer -Wait | Format-Table
    Set-InstanceProfileAssociation -InstanceId $instanceIds[0] -InstanceProfileName app-writer -Wait | Format-Table

    Show 'Set-InstanceRole: the safe role change, idempotent (the second instance changes, the first does not)'
    $instanceIds | Set-InstanceRole -RoleName app-writer | Format-Table
    Get-InstanceRole -InstanceId $instanceIds | Format-Table

    Show 'Across regions: a third instance in eu-west-1; -Region * finds each instance where it is and changes it there'
    $far = (Invoke-Aws ec2 run-instances --region eu-west-1 --image-id ami-0c55b159cbfafe1f0 --count 1 --instance-type t3.micro --iam-instance-profile Name=app-reader).Instances.InstanceId
    @($instanceIds) + $far | Set-InstanceRole -RoleName app-writer -Region * | Format-Table InstanceId, Region, AccountId, Changed, Method, RoleName
    Get-InstanceRole -InstanceId (@($instanceIds) + $far) -Region * | Format-Table InstanceId, Region, AccountId, RoleName

    Show 'Remove-InstanceProfile refuses while instances in any region use the profile'
    Remove-InstanceProfile -Name app-writer -Force -Confirm:$false -ErrorAction Continue -ErrorVariable inUse 2>$null
    Write-Host "Refused: $($inUse[0].FullyQualifiedErrorId)`n$($inUse[0].Exception.Message)"

    Show 'Clean up: Unregister-InstanceProfile, then Get-InstanceProfile | Remove-InstanceProfile -Force'
    Get-InstanceProfileAssociation -InstanceId $instanceIds | Unregister-InstanceProfile -Confirm:$false | Format-Table
    Get-InstanceProfileAssociation -InstanceId $far -Region eu-west-1 | Unregister-InstanceProfile -Region eu-west-1 -Confirm:$false | Format-Table
    Get-InstanceProfile -Name 'app-*' | Remove-InstanceProfile -Force -Confirm:$false
    $null = Invoke-Aws ec2 terminate-instances --instance-ids @instanceIds
    $null = Invoke-Aws ec2 terminate-instances --region eu-west-1 --instance-ids $far
    Get-InstanceProfile | Measure-Object | Select-Object @{ n = 'ProfilesLeft'; e = { $_.Count } } | Format-Table
}
finally {
    if ($rehearsal.Started) { $rehearsal.Started | Stop-Sandbox }
}
