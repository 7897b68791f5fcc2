Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.SetInstanceRoleCommand'

    # A profile named after its role, holding it, made with the module (not what these specs test).
    function New-ProfileWithRole([string] $Name) {
        New-TestRole $Name
        $null = New-InstanceProfile -RoleName $Name
    }

    function New-InstanceOnProfile([string] $ProfileName, [int] $Count = 1) {
        (Invoke-Aws ec2 run-instances --image-id ami-12345678 --instance-type t3.micro --count $Count --iam-instance-profile "Name=$ProfileName").Instances.InstanceId
    }

    function Get-ProfileArnOf([string] $InstanceId) {
        $associations = (Invoke-Aws ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$InstanceId").IamInstanceProfileAssociations
        @($associations | Where-Object State -in 'associating', 'associated' | ForEach-Object { $_.IamInstanceProfile.Arn })
    }

    # True when, after the instance first had a profile, the sandbox's timeline never shows it without one.
    function Test-NeverWithoutProfile([object[]] $Timeline) {
        $hadOne = $false
        foreach ($event in $Timeline) {
            if ($event.effectiveInstanceProfileArn) { $hadOne = $true }
            elseif ($hadOne) { return $false }
        }
        $hadOne
    }

    $script:Delays = @{ consistency = @{ associatingMs = 400; disassociatingMs = 300; profilePropagationMs = 1000; roleOnProfilePropagationMs = 500; rolePropagationMs = 500 } }
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Set-InstanceRole' {
    BeforeEach {
        Reset-Sandbox
    }

    Context 'changing one instance' {
        BeforeEach {
            New-ProfileWithRole old-role
            New-ProfileWithRole new-role
            $script:Instance = New-InstanceOnProfile old-role
            $script:NewArn = (Get-InstanceProfile -Name new-role).Arn
            Set-SandboxSettings $script:Delays
        }

        It 'replaces the profile atomically: the instance is never without one' {
            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role

            $change | Should -BeOfType ([InstanceProfileTools.RoleChange])
            $change.Changed | Should -BeTrue
            $change.Method | Should -Be 'Replace'
            $change.PreviousRoleName | Should -Be 'old-role'
            $change.PreviousInstanceProfileArn | Should -Match ':instance-profile/old-role$'
            $change.InstanceProfileArn | Should -Be $script:NewArn
            $change.RoleName | Should -Be 'new-role'
            $change.State | Should -Be 'associated'
            $change.RolledBack | Should -BeFalse
            Get-ProfileArnOf $script:Instance | Should -Be $script:NewArn
            $timeline = @(Get-SandboxTimeline -InstanceId $script:Instance)
            Test-NeverWithoutProfile $timeline | Should -BeTrue
            $timeline[-1].effectiveInstanceProfileArn | Should -Be $script:NewArn
            (Get-SandboxStats).byAction.PSObject.Properties.Name | Should -Not -Contain 'DisassociateIamInstanceProfile'
        }

        It 'changes nothing and calls nothing that mutates when run a second time' {
            $null = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role
            $before = (Get-SandboxStats).mutations

            $again = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role

            $again.Changed | Should -BeFalse
            $again.Method | Should -Be 'None'
            $again.InstanceProfileArn | Should -Be $script:NewArn
            (Get-SandboxStats).mutations | Should -Be $before
        }

        It 'takes an existing profile by -InstanceProfileName' {
            $change = Set-InstanceRole -InstanceId $script:Instance -InstanceProfileName new-role

            $change.RoleName | Should -Be 'new-role'
            Get-ProfileArnOf $script:Instance | Should -Be $script:NewArn
        }

        It 'associates a profile with an instance that has none' {
            $bare = New-TestInstance

            $change = Set-InstanceRole -InstanceId $bare -RoleName new-role

            $change.Method | Should -Be 'Associate'
            $change.PreviousInstanceProfileArn | Should -BeNullOrEmpty
            Get-ProfileArnOf $bare | Should -Be $script:NewArn
        }

        It 'disassociates then associates a stopped instance, and says so' {
            Stop-TestInstance $script:Instance
            Wait-Until { (Invoke-Aws ec2 describe-instances --instance-ids $script:Instance).Reservations[0].Instances[0].State.Name -eq 'stopped' }

            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role

            $change.Method | Should -Be 'DisassociateAssociate'
            $change.Changed | Should -BeTrue
            Get-ProfileArnOf $script:Instance | Should -Be $script:NewArn
        }

        It 'rolls back a change whose new association never becomes associated' {
            Set-SandboxSettings @{ faults = @{ rules = @(@{ action = 'ReplaceIamInstanceProfileAssociation'; match = @{ 'IamInstanceProfile.Arn' = $script:NewArn }; count = 1; effect = 'stuck' }) } }

            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role -Timeout 3 -ErrorVariable failures -ErrorAction SilentlyContinue

            $change.RolledBack | Should -BeTrue
            $change.Changed | Should -BeTrue
            $change.Error | Should -Match 'put back'
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "RoleChangeRolledBack,$script:Id"
            $failures[0].TargetObject | Should -Be $script:Instance
            Get-ProfileArnOf $script:Instance | Should -Match ':instance-profile/old-role$'
            Test-NeverWithoutProfile @(Get-SandboxTimeline -InstanceId $script:Instance) | Should -BeTrue
        }

        It 'leaves a failed change alone with -NoRollback' {
            Set-SandboxSettings @{ faults = @{ rules = @(@{ action = 'ReplaceIamInstanceProfileAssociation'; count = 1; effect = 'stuck' }) } }

            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role -Timeout 2 -NoRollback -ErrorVariable failures -ErrorAction SilentlyContinue

            $change.RolledBack | Should -BeFalse
            $failures[0].FullyQualifiedErrorId | Should -Be "RoleChangeFailed,$script:Id"
            (Get-SandboxStats).byAction.ReplaceIamInstanceProfileAssociation | Should -Be 1
        }
    }

    Context 'a profile created in the same run' {
        It 'creates the profile named after the role and waits for EC2 to know it' {
            New-ProfileWithRole old-role
            New-TestRole fresh-role
            $instance = New-InstanceOnProfile old-role
            Set-SandboxSettings @{ consistency = @{ profilePropagationMs = 1500; roleOnProfilePropagationMs = 500; rolePropagationMs = 0; associatingMs = 300 } }

            $change = Set-InstanceRole -InstanceId $instance -RoleName fresh-role

            $change.ProfileCreated | Should -BeTrue
            $change.InstanceProfileName | Should -Be 'fresh-role'
            $change.Changed | Should -BeTrue
            (Get-InstanceProfile -Name fresh-role).RoleName | Should -Be 'fresh-role'
            Get-ProfileArnOf $instance | Should -Match ':instance-profile/fresh-role$'
            (Get-SandboxStats).byAction.CreateInstanceProfile | Should -Be 1
        }

        It 'refuses to create one with -NoCreate' {
            New-TestRole lonely-role
            $instance = New-TestInstance

            { Set-InstanceRole -InstanceId $instance -RoleName lonely-role -NoCreate -ErrorAction Stop } |
                Should -Throw -ErrorId "InstanceProfileNotFound,$script:Id"
            (Get-SandboxStats).byAction.PSObject.Properties.Name | Should -Not -Contain 'CreateInstanceProfile'
        }
    }

    Context 'many instances' {
        It 'moves 200 instances to the target, under throttling, never leaving one without a profile' {
            New-ProfileWithRole old-role
            New-ProfileWithRole new-role
            $instances = New-InstanceOnProfile old-role -Count 200
            $newArn = (Get-InstanceProfile -Name new-role).Arn
            Set-SandboxSettings @{ consistency = @{ associatingMs = 300; disassociatingMs = 300 }; faults = @{ throttleRate = 0.1; seed = 7 } }

            $changes = @($instances | Set-InstanceRole -RoleName new-role -ThrottleLimit 32 -ErrorVariable failures -ErrorAction SilentlyContinue)

            $failures.Count | Should -Be 0
            $changes.Count | Should -Be 200
            @($changes | Where-Object { -not $_.Changed -or $_.RolledBack }).Count | Should -Be 0
            ($changes.InstanceId | Sort-Object) | Should -Be ($instances | Sort-Object)
            Set-SandboxSettings @{ faults = @{ throttleRate = 0 } }
            $associations = (Invoke-Aws ec2 describe-iam-instance-profile-associations).IamInstanceProfileAssociations
            @($associations | Where-Object { $_.IamInstanceProfile.Arn -eq $newArn -and $_.State -eq 'associated' }).Count | Should -Be 200
            $timeline = @(Get-SandboxTimeline)
            $broken = @($timeline | Group-Object instanceId | Where-Object { -not (Test-NeverWithoutProfile $_.Group) })
            $broken.Count | Should -Be 0
        }
    }

    Context '-WhatIf' {
        It 'prints the plan for each instance and calls nothing that mutates' {
            New-ProfileWithRole old-role
            New-TestRole planned-role
            $instance = New-InstanceOnProfile old-role
            $before = (Get-SandboxStats).mutations

            $output = Set-InstanceRole -InstanceId $instance -RoleName planned-role -WhatIf 6>&1 | Out-String

            (Get-SandboxStats).mutations | Should -Be $before
            $output | Should -Match ([regex]::Escape($instance))
            $output | Should -Match "role 'old-role'"
            $output | Should -Match "'planned-role' \(role 'planned-role'\), to be created"
            { Get-InstanceProfile -Name planned-role -ErrorAction Stop } | Should -Throw
        }
    }

    Context 'pipeline input' {
        BeforeEach {
            New-ProfileWithRole old-role
            New-ProfileWithRole new-role
            $script:Instances = New-InstanceOnProfile old-role -Count 3
        }

        It 'takes instance ids as strings' {
            $changes = $script:Instances | Set-InstanceRole -RoleName new-role

            ($changes.InstanceId | Sort-Object) | Should -Be ($script:Instances | Sort-Object)
        }

        It 'takes objects with an InstanceId property' {
            $changes = $script:Instances | ForEach-Object { [pscustomobject]@{ InstanceId = $_; Name = 'web' } } | Set-InstanceRole -RoleName new-role

            ($changes.InstanceId | Sort-Object) | Should -Be ($script:Instances | Sort-Object)
            @($changes | Where-Object Changed).Count | Should -Be 3
        }
    }

    Context 'errors' {
        It 'rejects a malformed instance id before any call and goes on with the others' {
            New-ProfileWithRole new-role
            $good = New-TestInstance
            $before = (Get-SandboxStats).requests

            $changes = @('i-not-an-id', $good) | Set-InstanceRole -RoleName new-role -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidInstanceId,$script:Id"
            $failures[0].TargetObject | Should -Be 'i-not-an-id'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            @($changes).Count | Should -Be 1
            $changes.InstanceId | Should -Be $good
        }

        It 'sends nothing when the only instance id is malformed' {
            $before = (Get-SandboxStats).requests

            Set-InstanceRole -InstanceId 'i-123' -RoleName new-role -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -Be "InvalidInstanceId,$script:Id"
            (Get-SandboxStats).requests | Should -Be $before
        }

        It 'reports an unknown instance and goes on with the others' {
            New-ProfileWithRole new-role
            $good = New-TestInstance

            $changes = @('i-0000000000000dead', $good) | Set-InstanceRole -RoleName new-role -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -Be 'i-0000000000000dead'
            @($changes | Where-Object Changed).InstanceId | Should -Be $good
        }
    }
}
