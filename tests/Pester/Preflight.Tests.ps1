Set-StrictMode -Version Latest

# The trust check (issue 21.2 and 21.6): a role EC2 may not assume is refused before any change, against the
# sandbox, whose instance view serves what the instance's metadata service would.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:LambdaTrust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    $script:Ec2Trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}]}'

    function script:Get-InstanceCredentials([string] $InstanceId, [string] $RoleName) {
        Invoke-RestMethod "$(Get-SandboxUrl)/_sandbox/instances/$InstanceId/latest/meta-data/iam/security-credentials/$RoleName"
    }
}

AfterAll {
    Stop-TestSandbox
}

Describe 'the trust check' {
    It 'refuses a role trusted only by Lambda before any change, the instance shows why, and the fixed policy lets the change through' {
        $role = New-TestName lambda-only
        $null = Invoke-Aws iam create-role --role-name $role --assume-role-policy-document $script:LambdaTrust
        $instances = @(New-TestInstance -Count 3)
        $mutations = Get-MutationCount

        { $instances | Set-InstanceRole -RoleName $role -ErrorAction Stop } |
            Should -Throw -ErrorId 'RoleNotAssumableByEc2,InstanceProfileTools.Commands.SetInstanceRoleCommand'
        Get-MutationCount | Should -Be $mutations -Because 'neither IAM nor EC2 was asked to change anything'
        { Get-InstanceProfile -Name $role -ErrorAction Stop } | Should -Throw -ErrorId 'InstanceProfileNotFound,*'

        # What the check prevents: the same role associated by hand leaves the instance without credentials.
        $null = Invoke-Aws iam create-instance-profile --instance-profile-name $role
        $null = Invoke-Aws iam add-role-to-instance-profile --instance-profile-name $role --role-name $role
        $null = Wait-Until { (Get-InstanceProfile -Name $role -ErrorAction SilentlyContinue).RoleName -eq $role }
        $null = Register-InstanceProfile -InstanceId $instances[0] -InstanceProfileName $role -Wait
        (Get-InstanceCredentials $instances[0] $role).Code | Should -Be 'AssumeRoleUnauthorizedAccess'

        $null = Invoke-Aws iam update-assume-role-policy --role-name $role --policy-document $script:Ec2Trust
        $changes = @($instances | Set-InstanceRole -RoleName $role)

        @($changes | Where-Object { -not $_.Error -and $_.RoleName -eq $role }).Count | Should -Be 3
        foreach ($id in $instances) { (Get-InstanceCredentials $id $role).Code | Should -Be 'Success' }
    }

    It 'refuses the role in New-InstanceProfile -RoleName and Add-ProfileRole, naming role and fix, and creates nothing' {
        $role = New-TestName lambda-only
        $null = Invoke-Aws iam create-role --role-name $role --assume-role-policy-document $script:LambdaTrust
        $empty = New-TestName empty
        $null = New-InstanceProfile -Name $empty -Wait

        New-InstanceProfile -RoleName $role -ErrorVariable created -ErrorAction SilentlyContinue
        Add-ProfileRole -InstanceProfileName $empty -RoleName $role -ErrorVariable added -ErrorAction SilentlyContinue

        Assert-ErrorRecord $created -Id RoleNotAssumableByEc2 -Command New-InstanceProfile
        Assert-ErrorRecord $added -Id RoleNotAssumableByEc2 -Command Add-ProfileRole -TargetObject $role
        $added[0].Exception.Message | Should -Match 'lambda\.amazonaws\.com'
        $added[0].Exception.Message | Should -Match 'update-assume-role-policy'
        { Get-InstanceProfile -Name $role -ErrorAction Stop } | Should -Throw -ErrorId 'InstanceProfileNotFound,*'
        (Get-InstanceProfile -Name $empty).RoleName | Should -BeNullOrEmpty
    }

    It 'goes ahead with -SkipTrustCheck' {
        $role = New-TestName lambda-only
        $null = Invoke-Aws iam create-role --role-name $role --assume-role-policy-document $script:LambdaTrust

        $profile = New-InstanceProfile -RoleName $role -SkipTrustCheck -Wait

        $profile.RoleName | Should -Be $role
    }

    It 'warns about a trust policy with a condition, and goes ahead' {
        $role = New-TestName conditional
        $conditional = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}'
        $null = Invoke-Aws iam create-role --role-name $role --assume-role-policy-document $conditional

        $profile = New-InstanceProfile -RoleName $role -Wait -WarningVariable warned -WarningAction SilentlyContinue

        $profile.RoleName | Should -Be $role
        @($warned | Where-Object { "$_" -match "EC2 may not be able to assume role '$role'" }).Count | Should -Be 1
    }
}

Describe 'a refused iam:PassRole' {
    AfterEach {
        Set-SandboxSettings @{ permissions = @{ deny = @() } }
    }

    It 'on a fleet of 50 is one PassRoleDenied naming the role and the policy, and no further mutation' {
        $role = New-TestName passed
        New-TestRole $role
        $null = New-InstanceProfile -RoleName $role -Wait
        $instances = @(New-TestInstance -Count 50)
        Set-SandboxSettings @{ permissions = @{ deny = @(@{ action = 'iam:PassRole'; roles = @($role) }) } }
        $before = Get-ActionCount AssociateIamInstanceProfile

        $changes = @($instances | Set-InstanceRole -RoleName $role -ErrorVariable refused -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)

        @($refused).Count | Should -Be 1 -Because 'the instances not yet changed are reported once, as never started'
        Assert-ErrorRecord $refused -Id PassRoleDenied -Command Set-InstanceRole -Category PermissionDenied -TargetObject $role
        $refused[0].Exception.Message | Should -Match 'iam:PassRole'
        $refused[0].Exception.Message | Should -Match 'iam:PassedToService'
        (Get-ActionCount AssociateIamInstanceProfile) - $before | Should -Be 1 -Because 'the first refusal stops the run'
        $changes.Count | Should -Be 1
        @($warned | Where-Object { "$_" -match '49 instance\(s\) never started' }).Count | Should -Be 1
        foreach ($id in $instances) { @(Get-SandboxTimeline $id).Count | Should -Be 0 -Because "$id was never associated" }
    }

    It 'on Add-ProfileRole is PassRoleDenied as IAM words it' {
        $role = New-TestName passed
        New-TestRole $role
        $empty = New-TestName empty
        $null = New-InstanceProfile -Name $empty -Wait
        Set-SandboxSettings @{ permissions = @{ deny = @(@{ action = 'iam:PassRole'; roles = @($role) }) } }

        Add-ProfileRole -InstanceProfileName $empty -RoleName $role -ErrorVariable refused -ErrorAction SilentlyContinue

        Assert-ErrorRecord $refused -Id PassRoleDenied -Command Add-ProfileRole -TargetObject $role
        (Get-InstanceProfile -Name $empty).RoleName | Should -BeNullOrEmpty
    }

    It 'stays AccessDenied when the caller may not decode the message either' {
        $role = New-TestName passed
        New-TestRole $role
        $null = New-InstanceProfile -RoleName $role -Wait
        $instance = @(New-TestInstance -Count 1)
        Set-SandboxSettings @{ permissions = @{ deny = @(@{ action = 'iam:PassRole'; roles = @($role) }, @{ action = 'sts:DecodeAuthorizationMessage' }) } }

        $null = Register-InstanceProfile -InstanceId $instance[0] -InstanceProfileName $role -ErrorVariable refused -ErrorAction SilentlyContinue

        Assert-ErrorRecord $refused -Id AccessDenied -Command Register-InstanceProfile
    }
}

Describe 'a fleet that a launch template launches' {
    BeforeAll {
        function script:New-TemplateFleet([string] $OldProfile, [int] $Count) {
            $template = New-TestName web
            $data = @{ ImageId = 'ami-12345678'; InstanceType = 't3.micro'; IamInstanceProfile = @{ Name = $OldProfile } } | ConvertTo-Json -Compress
            $id = (Invoke-Aws ec2 create-launch-template --launch-template-name $template --launch-template-data $data).LaunchTemplate.LaunchTemplateId
            $group = New-TestName asg
            $body = @{ count = $Count; launchTemplateId = $id; autoScalingGroup = $group } | ConvertTo-Json
            $launched = Invoke-RestMethod -Method Post -Uri "$(Get-SandboxUrl)/_sandbox/instances/launch" -Body $body -ContentType 'application/json'
            [pscustomobject]@{ Id = $id; Group = $group; InstanceIds = @($launched.instanceIds) }
        }

        function script:Get-DefaultVersion([string] $TemplateId) {
            (Invoke-Aws ec2 describe-launch-template-versions --launch-template-id $TemplateId --versions '$Default').LaunchTemplateVersions[0]
        }
    }

    It 'warns once per template and group, naming them, the profile new instances get and the instances, and -WhatIf changes nothing' {
        $old = New-TestName old; $new = New-TestName new
        New-TestRole $old, $new
        $null = New-InstanceProfile -RoleName $old -Wait
        $fleet = New-TemplateFleet -OldProfile $old -Count 3

        $null = Assert-NoRequest -Mutating { $fleet.InstanceIds | Set-InstanceRole -RoleName $new -WhatIf -WarningVariable whatIfWarned -WarningAction SilentlyContinue }
        $changes = @($fleet.InstanceIds | Set-InstanceRole -RoleName $new -WarningVariable warned -WarningAction SilentlyContinue)

        $changes.Count | Should -Be 3
        foreach ($said in @($whatIfWarned), @($warned)) {
            $aboutTemplate = @($said | Where-Object { "$_" -cmatch "^Launch template $($fleet.Id)" })
            $aboutTemplate.Count | Should -Be 1 -Because 'one warning per template, not one per instance'
            "$($aboutTemplate[0])" | Should -Match "instance profile '$old'"
            foreach ($id in $fleet.InstanceIds) { "$($aboutTemplate[0])" | Should -Match $id }
            @($said | Where-Object { "$_" -match "Auto Scaling group '$($fleet.Group)'" }).Count | Should -Be 1
        }
        (Get-DefaultVersion $fleet.Id).VersionNumber | Should -Be 1 -Because 'without -UpdateLaunchTemplate the template is left as it is'
    }

    It '-UpdateLaunchTemplate makes a new default version a new instance launches with, journaled, and Undo-InstanceRole puts the old default back' {
        $old = New-TestName old; $new = New-TestName new
        New-TestRole $old, $new
        $null = New-InstanceProfile -RoleName $old -Wait
        $fleet = New-TemplateFleet -OldProfile $old -Count 2
        $journal = Join-Path $TestDrive "$new.jsonl"

        $changes = @($fleet.InstanceIds | Set-InstanceRole -RoleName $new -UpdateLaunchTemplate -JournalPath $journal -WarningVariable warned -WarningAction SilentlyContinue)

        $changes.Count | Should -Be 2
        $default = Get-DefaultVersion $fleet.Id
        $default.VersionNumber | Should -Be 2
        $default.LaunchTemplateData.IamInstanceProfile.Arn | Should -Be (Get-InstanceProfile -Name $new).Arn
        $default.LaunchTemplateData.InstanceType | Should -Be 't3.micro' -Because 'only the profile changes'
        @($warned | Where-Object { "$_" -cmatch "^Launch template $($fleet.Id)" }).Count | Should -Be 0 -Because 'the template was updated, not left behind'
        $aboutGroup = @($warned | Where-Object { "$_" -match "Auto Scaling group '$($fleet.Group)'" })
        $aboutGroup.Count | Should -Be 1
        "$($aboutGroup[0])" | Should -Match 'version\(s\) 1 .*numbered version.*point it at version 2' -Because 'a group that names version 1 keeps launching the old role'
        $launched = (Invoke-Aws ec2 run-instances --launch-template "LaunchTemplateId=$($fleet.Id)").Instances[0]
        $launched.IamInstanceProfile.Arn | Should -Be (Get-InstanceProfile -Name $new).Arn
        $lines = @(Read-Journal $journal | Where-Object { $_.PSObject.Properties['launchTemplateId'] -and $_.launchTemplateId -eq $fleet.Id })
        @($lines.outcome) | Should -Be @('Intent', 'Changed')

        $null = Undo-InstanceRole -JournalPath $journal

        (Get-DefaultVersion $fleet.Id).VersionNumber | Should -Be 1
        foreach ($id in $fleet.InstanceIds) { Get-EffectiveArn $id | Should -Be (Get-InstanceProfile -Name $old).Arn }
        $null = Assert-NoRequest -Action ModifyLaunchTemplate { Undo-InstanceRole -JournalPath $journal } -Because 'a second undo finds the old default in place'
    }
}

Describe 'Test-InstanceRole: the findings as objects' {
    AfterEach {
        Set-SandboxSettings @{ consistency = @{ associatingMs = 0 } }
    }

    It 'names the refused trust, a stopped instance, one mid-association, the template and the group, and changes nothing' {
        $old = New-TestName old; $role = New-TestName lambda-only
        New-TestRole $old
        $null = Invoke-Aws iam create-role --role-name $role --assume-role-policy-document $script:LambdaTrust
        $null = New-InstanceProfile -RoleName $old -Wait
        $data = @{ ImageId = 'ami-12345678'; IamInstanceProfile = @{ Name = $old } } | ConvertTo-Json -Compress
        $template = (Invoke-Aws ec2 create-launch-template --launch-template-name (New-TestName web) --launch-template-data $data).LaunchTemplate.LaunchTemplateId
        $group = New-TestName asg
        $body = @{ count = 2; launchTemplateId = $template; autoScalingGroup = $group } | ConvertTo-Json
        $grouped = @((Invoke-RestMethod -Method Post -Uri "$(Get-SandboxUrl)/_sandbox/instances/launch" -Body $body -ContentType 'application/json').instanceIds)
        $stopped = @(New-TestInstance -InstanceProfileName $old)[0]
        Stop-TestInstance $stopped
        Set-SandboxSettings @{ consistency = @{ associatingMs = 600000 } }
        $arriving = @(New-TestInstance)[0]
        $null = Register-InstanceProfile -InstanceId $arriving -InstanceProfileName $old

        $findings = @(Assert-NoRequest -Mutating { $grouped + $stopped + $arriving | Test-InstanceRole -RoleName $role })

        $findings | ForEach-Object { $_ | Should -BeOfType ([InstanceProfileTools.RoleChangeFinding]) }
        @($findings.Kind) | Should -Be @('RoleNotAssumable', 'Stopped', 'MidAssociation', 'LaunchTemplate', 'AutoScalingGroup') -Because 'the role, then the instances in the order given, then who launches them'
        $blocking = @($findings | Where-Object Blocks)
        $blocking.Count | Should -Be 1
        $blocking[0].Subject | Should -Be $role
        ($findings | Where-Object Kind -EQ Stopped).InstanceId | Should -Be $stopped
        ($findings | Where-Object Kind -EQ MidAssociation).InstanceId | Should -Be $arriving
        ($findings | Where-Object Kind -EQ LaunchTemplate).Subject | Should -Be $template
        ($findings | Where-Object Kind -EQ LaunchTemplate).InstanceId | Sort-Object | Should -Be ($grouped | Sort-Object)
        ($findings | Where-Object Kind -EQ AutoScalingGroup).Subject | Should -Be $group
    }

    It 'has nothing to say of instances a trusted role can move' {
        $role = New-TestName trusted
        New-TestRole $role
        $instances = @(New-TestInstance -Count 2)

        $findings = @(Assert-NoRequest -Mutating { $instances | Test-InstanceRole -RoleName $role })

        $findings.Count | Should -Be 0
    }

    It 'fails a malformed id alone, and ends on a profile that does not exist' {
        $role = New-TestName trusted
        New-TestRole $role
        $instance = @(New-TestInstance)[0]

        $null = @('i-bad', $instance) | Test-InstanceRole -RoleName $role -ErrorVariable bad -ErrorAction SilentlyContinue
        Assert-ErrorRecord $bad -Id InvalidInstanceId -Command Test-InstanceRole -TargetObject 'i-bad'
        @($bad).Count | Should -Be 1

        { Test-InstanceRole -InstanceId $instance -InstanceProfileName (New-TestName missing) -ErrorAction Stop } |
            Should -Throw -ErrorId 'InstanceProfileNotFound,InstanceProfileTools.Commands.TestInstanceRoleCommand'
    }
}
