Set-StrictMode -Version Latest

# One command across regions and accounts (issue 20.5), against a sandbox of two accounts and three enabled regions:
# EC2 is per account and region, IAM per account (EVIDENCE rows 22 and 30). -Region takes several names or *,
# -AwsProfile several profiles (each an account); objects carry Region and AccountId, and Undo-InstanceRole sends each
# journal line back to its own account and region.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'tools/Sandbox.psm1') -Force
    Import-ModuleUnderTest
    $script:Main = '123456789012'
    $script:Other = '210987654321'
    $script:Regions = 'us-east-1', 'eu-west-1', 'ap-southeast-2'
    $script:Sandbox = Start-Sandbox -ArgumentList '--account', "$($script:Other)=AKIDOTHER:other-secret", '--regions', ($script:Regions -join ',')
    Set-TestAwsEnvironment -EndpointUrl $script:Sandbox.Url
    $env:IPT_POLL_INTERVAL_MS = '50'

    # Two profiles, one per account, in a credentials file of the test's own (AWS.Tools' -ProfileLocation).
    $script:Credentials = Join-Path $TestDrive 'credentials'
    Set-Content $script:Credentials "[home]`naws_access_key_id = test`naws_secret_access_key = test`n[other]`naws_access_key_id = AKIDOTHER`naws_secret_access_key = other-secret"

    function script:Use-Account([string] $AccountId) {
        if ($AccountId -eq $script:Other) { $env:AWS_ACCESS_KEY_ID = 'AKIDOTHER'; $env:AWS_SECRET_ACCESS_KEY = 'other-secret' }
        else { $env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test' }
    }

    # In each account: roles est-old and est-new, profile est-old, and one instance on it in each region.
    $script:InstancesOf = @{}
    foreach ($account in $script:Main, $script:Other) {
        Use-Account $account
        New-TestRole est-old, est-new
        $null = New-InstanceProfile -RoleName est-old -Wait
        $script:InstancesOf[$account] = [ordered]@{}
        foreach ($region in $script:Regions) { $script:InstancesOf[$account][$region] = @(New-TestInstance -InstanceProfileName est-old -Region $region)[0] }
    }
    Use-Account $script:Main
    $script:MainIds = @($script:InstancesOf[$script:Main].Values)

    function script:Get-Stats { Invoke-RestMethod "$($script:Sandbox.Url)/_sandbox/stats" }
    function script:Get-Action([string] $Action) { $p = (Get-Stats).byAction.PSObject.Properties[$Action]; if ($p) { [int]$p.Value } else { 0 } }
    function script:Get-Arn([string] $InstanceId) {
        @(Invoke-RestMethod "$($script:Sandbox.Url)/_sandbox/timeline?instanceId=$InstanceId" | ForEach-Object { $_ })[-1].effectiveInstanceProfileArn
    }
}

AfterAll {
    $script:Sandbox | Stop-Sandbox
    Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY -ErrorAction SilentlyContinue
}

Describe 'Get-InstanceRole and Get-InstanceProfileAssociation across regions' {
    It 'finds each instance in its region with -Region *, and says its Region and AccountId' {
        $roles = @(Get-InstanceRole -InstanceId $script:MainIds -Region '*')

        $roles.Count | Should -Be 3
        foreach ($region in $script:Regions) {
            $role = $roles | Where-Object InstanceId -EQ $script:InstancesOf[$script:Main][$region]
            $role.Region | Should -Be $region
            $role.AccountId | Should -Be $script:Main
            $role.RoleName | Should -Be 'est-old'
        }
    }

    It 'fails an id no region knows alone, naming the account-regions it looked in' {
        $roles = @(Get-InstanceRole -InstanceId $script:MainIds[0], 'i-0123456789abcdef0' -Region us-east-1, eu-west-1 -ErrorVariable failed -ErrorAction SilentlyContinue)

        $roles.InstanceId | Should -Be $script:MainIds[0]
        Assert-ErrorRecord $failed -Id InstanceNotFound -Command Get-InstanceRole -TargetObject 'i-0123456789abcdef0'
        $failed[0].Exception.Message | Should -BeLike "*not found in any of the 2 account-region(s) looked in: $($script:Main)/us-east-1, $($script:Main)/eu-west-1*"
    }

    It 'reads piped objects in the regions they bring, a read per region as the region changes' {
        $roles = @(Get-InstanceRole -InstanceId $script:MainIds -Region '*')

        $again = @($roles | Get-InstanceRole -ErrorVariable failed -ErrorAction SilentlyContinue)

        @($failed).Count | Should -Be 0
        foreach ($role in $roles) { ($again | Where-Object InstanceId -EQ $role.InstanceId).Region | Should -Be $role.Region }
    }

    It 'lists the associations of several regions, each with its Region' {
        $associations = @(Get-InstanceProfileAssociation -Region eu-west-1, ap-southeast-2)

        ($associations.Region | Sort-Object) | Should -Be @('ap-southeast-2', 'eu-west-1')
        $associations.InstanceId | Should -Be @($script:InstancesOf[$script:Main]['eu-west-1'], $script:InstancesOf[$script:Main]['ap-southeast-2'])
    }
}

Describe 'Set-InstanceRole and Undo-InstanceRole across regions and accounts' {
    It 'changes instances in every region with -Region *, creates the profile once, and the undo puts each back in its region' {
        $journal = Join-Path $TestDrive 'regions.jsonl'
        $creates = Get-Action CreateInstanceProfile

        $changes = @($script:MainIds | Set-InstanceRole -RoleName est-new -Region '*' -JournalPath $journal)

        @($changes | Where-Object Changed).Count | Should -Be 3
        ($changes.Region | Sort-Object) | Should -Be ($script:Regions | Sort-Object)
        $changes.AccountId | Sort-Object -Unique | Should -Be $script:Main
        (Get-Action CreateInstanceProfile) - $creates | Should -Be 1 -Because 'IAM is global: the target is resolved once per account'
        foreach ($id in $script:MainIds) { Get-Arn $id | Should -Be "arn:aws:iam::$($script:Main):instance-profile/est-new" }
        (Read-Journal $journal | Where-Object outcome -EQ 'changed').region | Sort-Object | Should -Be ($script:Regions | Sort-Object)

        $undone = @(Undo-InstanceRole $journal)

        @($undone | Where-Object Changed).Count | Should -Be 3 -Because 'each line went back to its own region, with no -Region given'
        foreach ($id in $script:MainIds) { Get-Arn $id | Should -Be "arn:aws:iam::$($script:Main):instance-profile/est-old" }
    }

    It 'binds each piped object''s Region: instances outside the configured region are found without -Region' {
        $roles = @(Get-InstanceRole -InstanceId $script:MainIds -Region '*')

        $changes = @($roles | Set-InstanceRole -RoleName est-new)

        @($changes | Where-Object Changed).Count | Should -Be 3 -Because 'two of them are outside us-east-1, the configured region'
        foreach ($role in $roles) { ($changes | Where-Object InstanceId -EQ $role.InstanceId).Region | Should -Be $role.Region }
        $null = $roles | Set-InstanceRole -RoleName est-old
    }

    It 'shows a progress bar for each account-region under the command''s own' {
        $manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$manifest'; `$args[0] | Set-InstanceRole -RoleName est-new -Region '*'; `$args[0] | Set-InstanceRole -RoleName est-old -Region '*' | Out-Null").AddArgument($script:MainIds)
            $changes = @($shell.Invoke())
            $progress = @($shell.Streams.Progress)
        }
        finally {
            $shell.Dispose()
        }

        @($changes | Where-Object Changed).Count | Should -Be 3
        $children = @($progress | Where-Object ParentActivityId -EQ 4)
        ($children.Activity | Sort-Object -Unique) | Should -Be ($script:Regions | ForEach-Object { "$($script:Main)/$_" } | Sort-Object)
        @($children | Where-Object RecordType -EQ Completed).StatusDescription | Sort-Object -Unique | Should -Be @('1 done, 0 failed, 0 remaining')
        @($progress | Where-Object ActivityId -EQ 4)[-1].StatusDescription | Should -Be '3 done, 0 failed, 0 remaining'
    }

    It 'changes two accounts in one command with -AwsProfile, each profile an account, each output saying which' {
        $all = @($script:InstancesOf[$script:Main]['eu-west-1'], $script:InstancesOf[$script:Other]['eu-west-1'], $script:InstancesOf[$script:Other]['ap-southeast-2'])
        $journal = Join-Path $TestDrive 'accounts.jsonl'

        $changes = @($all | Set-InstanceRole -RoleName est-new -AwsProfile home, other -ProfileLocation $script:Credentials -Region eu-west-1, ap-southeast-2 -JournalPath $journal)

        @($changes | Where-Object Changed).Count | Should -Be 3
        ($changes | Where-Object InstanceId -EQ $all[0]).AccountId | Should -Be $script:Main
        ($changes | Where-Object InstanceId -EQ $all[1]).AccountId | Should -Be $script:Other
        ($changes | Where-Object InstanceId -EQ $all[2]).Region | Should -Be 'ap-southeast-2'
        Get-Arn $all[1] | Should -Be "arn:aws:iam::$($script:Other):instance-profile/est-new" -Because 'each account runs with its own account''s profile'

        # A journal line of an account no given profile reaches refuses the whole undo, before any change.
        $mutations = (Get-Stats).mutations
        { Undo-InstanceRole $journal -AwsProfile home -ProfileLocation $script:Credentials -ErrorAction Stop } |
            Should -Throw -ErrorId 'JournalNotTrusted,InstanceProfileTools.Commands.UndoInstanceRoleCommand' -ExpectedMessage "*account $($script:Other), which none of this command's credentials reaches*"
        (Get-Stats).mutations | Should -Be $mutations

        $undone = @(Undo-InstanceRole $journal -AwsProfile home, other -ProfileLocation $script:Credentials)

        @($undone | Where-Object Changed).Count | Should -Be 3
        foreach ($id in $all) { Get-Arn $id | Should -BeLike '*:instance-profile/est-old' }
    }

    It 'stops every region''s rollout on Ctrl+C: those in flight finish, none is left without a profile, the journal has each change' {
        $stopping = @(foreach ($region in $script:Regions) { New-TestInstance -Count 10 -InstanceProfileName est-old -Region $region })
        $journal = Join-Path $TestDrive 'stopped.jsonl'
        $null = Invoke-RestMethod -Method Post -Uri "$($script:Sandbox.Url)/_sandbox/settings" -ContentType 'application/json' -Body '{"consistency":{"associatingMs":1500}}'
        $run = Start-BackgroundCommand '$args[0] | Set-InstanceRole -RoleName est-new -Region * -ThrottleLimit 2 -JournalPath $args[1]' -ArgumentList (, $stopping), $journal
        $timeline = { @(Invoke-RestMethod "$($script:Sandbox.Url)/_sandbox/timeline" | ForEach-Object { $_ } | Where-Object instanceId -in $stopping) }
        $null = Wait-Until { @(& $timeline | Where-Object instanceProfileArn -Like '*/est-new').Count -ge 1 }

        $null = Stop-BackgroundCommand $run -TimeoutSeconds 60

        $byInstance = @(& $timeline | Group-Object instanceId)
        $moved = @($byInstance | Where-Object { $_.Group[-1].effectiveInstanceProfileArn -like '*/est-new' })
        $moved.Count | Should -BeGreaterThan 0
        $moved.Count | Should -BeLessThan 30 -Because 'no instance starts after the stop, in any region'
        @($byInstance | Where-Object { -not (Test-NeverWithoutProfile $_.Group) }).Count | Should -Be 0
        $journaled = @(Read-Journal $journal | Where-Object outcome -EQ 'Intent' | ForEach-Object instanceId)
        foreach ($instance in $moved.Name) { $journaled | Should -Contain $instance -Because 'every change is recorded before it is made' }
    }
}
