<#
    What the benchmark scripts share: the AWS CLI and the sandbox's counts, the loop a user would write with the AWS
    CLI (the baseline each figure is set beside), and the writing of a script's own section of RESULTS.md.
#>
Set-StrictMode -Version Latest

# A role EC2 may assume, as the instances' roles are.
$script:Ec2TrustPolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'

function Invoke-Aws {
    <# Runs the AWS CLI and answers its JSON output as objects; throws when it fails. #>
    $out = & aws @args --output json
    if ($LASTEXITCODE) { throw "aws $args failed" }
    if ($out) { $out | ConvertFrom-Json }
}

function New-Ec2Role {
    <# Creates roles EC2 may assume, with the AWS CLI. #>
    param([Parameter(Mandatory)][string[]] $RoleName)
    foreach ($name in $RoleName) { $null = Invoke-Aws iam create-role --role-name $name --assume-role-policy-document $script:Ec2TrustPolicy }
}

function Get-SandboxStats {
    <# What reached the sandbox at -Url since its start: {requests, mutations, byAction, byRegion, throttled}. #>
    param([Parameter(Mandatory)][string] $Url)
    Invoke-RestMethod -Uri "$Url/_sandbox/stats"
}

function Get-Counted {
    <# One count of a stats map (byAction, byRegion), 0 when absent. #>
    param([Parameter(Mandatory)] $Counts, [Parameter(Mandatory)][string] $Name)
    $property = $Counts.PSObject.Properties[$Name]
    if ($property) { [int]$property.Value } else { 0 }
}

function Measure-CliLoop {
    <#
    .SYNOPSIS
        The seconds the AWS CLI loop a user would write takes over -InstanceId: describe the association, replace
        it or associate -InstanceProfileName, poll every second until associated; one instance after another.
    #>
    param([Parameter(Mandatory)][string[]] $InstanceId, [Parameter(Mandatory)][string] $InstanceProfileName, [string] $Region = $env:AWS_REGION)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    foreach ($id in $InstanceId) {
        $current = @((Invoke-Aws ec2 describe-iam-instance-profile-associations --region $Region --filters "Name=instance-id,Values=$id" "Name=state,Values=associated").IamInstanceProfileAssociations)
        $new = if ($current.Count) { (Invoke-Aws ec2 replace-iam-instance-profile-association --region $Region --association-id $current[0].AssociationId --iam-instance-profile "Name=$InstanceProfileName").IamInstanceProfileAssociation }
               else { (Invoke-Aws ec2 associate-iam-instance-profile --region $Region --instance-id $id --iam-instance-profile "Name=$InstanceProfileName").IamInstanceProfileAssociation }
        do {
            Start-Sleep -Seconds 1
            $state = @((Invoke-Aws ec2 describe-iam-instance-profile-associations --region $Region --association-ids $new.AssociationId).IamInstanceProfileAssociations)[0].State
        } while ($state -ne 'associated')
    }
    $clock.Elapsed.TotalSeconds
}

function ConvertTo-MarkdownTable {
    <# The objects as a Markdown table, one column per property. #>
    param([Parameter(Mandatory)][object[]] $InputObject)
    $names = @($InputObject[0].PSObject.Properties.Name)
    @(('| ' + ($names -join ' | ') + ' |'), ('|' + ('---|' * $names.Count))) + @($InputObject | ForEach-Object { '| ' + (($_.PSObject.Properties.Value) -join ' | ') + ' |' })
}

function Set-ResultsSection {
    <# Puts -Lines (a section starting with '## <Title>') in RESULTS.md in place of the section of that title, or at the end; the other sections stay. #>
    param([Parameter(Mandatory)][string] $Title, [Parameter(Mandatory)][AllowEmptyString()][string[]] $Lines)
    $results = Join-Path $PSScriptRoot 'RESULTS.md'
    $text = Get-Content $results -Raw
    $marker = "`n## $Title"
    $rest = ''
    if ($text.Contains($marker)) {
        $start = $text.IndexOf($marker)
        $next = $text.IndexOf("`n## ", $start + $marker.Length)
        if ($next -ge 0) { $rest = "`n" + $text.Substring($next).Trim() + "`n" }
        $text = $text.Substring(0, $start)
    }
    Set-Content -Path $results -Value ($text.TrimEnd() + "`n" + ($Lines -join "`n") + "`n" + $rest) -NoNewline
}

Export-ModuleMember -Function Invoke-Aws, New-Ec2Role, Get-SandboxStats, Get-Counted, Measure-CliLoop, ConvertTo-MarkdownTable, Set-ResultsSection
