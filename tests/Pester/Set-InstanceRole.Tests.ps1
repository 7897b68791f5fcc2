Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.SetInstanceRoleCommand'

    # The AWS CLI takes about a second a call: the roles and the two profiles are made once, and each spec
    # launches its own instances. Roles without a profile (fresh-role, flappy-role, lonely-role, planned-role) serve one spec each.
    New-TestRole old-role, new-role, fresh-role, flappy-role, lonely-role, planned-role, shared-role
    $null = New-InstanceProfile -RoleName old-role
    $null = New-InstanceProfile -RoleName new-role
    $script:OldArn = (Get-InstanceProfile -Name old-role).Arn
    $script:NewArn = (Get-InstanceProfile -Name new-role).Arn
    $null = New-InstanceProfile -Name shared-a -RoleName shared-role
    $null = New-InstanceProfile -Name shared-b -RoleName shared-role

    $script:Delays = @{ consistency = @{ associatingMs = 400; disassociatingMs = 300; profilePropagationMs = 1000; roleOnProfilePropagationMs = 500; rolePropagationMs = 500 } }
    $script:NoDelays = @{
        consistency = @{ associatingMs = 0; disassociatingMs = 0; profilePropagationMs = 0; roleOnProfilePropagationMs = 0; rolePropagationMs = 0; instancePendingMs = 0; flappingReads = $false; identityNotFoundVariant = $false }
        faults = @{ throttleRate = 0; rules = @() }
    }
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Set-InstanceRole' {
    AfterEach {
        Set-SandboxSettings $script:NoDelays
    }

    Context 'changing one instance' {
        BeforeEach {
            $script:Instance = New-TestInstance -InstanceProfileName old-role
            Set-SandboxSettings $script:Delays
        }

        It 'replaces the profile atomically: the instance is never without one' {
            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role

            $change | Should -BeOfType ([InstanceProfileTools.RoleChange])
            $change.Changed | Should -BeTrue
            $change.Method | Should -Be 'Replace'
            $change.PreviousRoleName | Should -Be 'old-role'
            $change.PreviousInstanceProfileArn | Should -Be $script:OldArn
            $change.InstanceProfileArn | Should -Be $script:NewArn
            $change.RoleName | Should -Be 'new-role'
            $change.State | Should -Be 'associated'
            $change.RolledBack | Should -BeFalse
            $timeline = @(Get-SandboxTimeline $script:Instance)
            $timeline.Count | Should -BeGreaterOrEqual 4
            Test-NeverWithoutProfile $timeline | Should -BeTrue
            $timeline[-1].effectiveInstanceProfileArn | Should -Be $script:NewArn
            $timeline.associationId | Should -Contain $change.AssociationId
        }

        It 'changes nothing and calls nothing that mutates when run a second time' {
            $null = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role
            $again = Assert-NoRequest -Mutating { Set-InstanceRole -InstanceId $script:Instance -RoleName new-role }

            $again.Changed | Should -BeFalse
            $again.Method | Should -Be 'None'
            $again.InstanceProfileArn | Should -Be $script:NewArn
        }

        It 'takes an existing profile by -InstanceProfileName' {
            $change = Set-InstanceRole -InstanceId $script:Instance -InstanceProfileName new-role

            $change.RoleName | Should -Be 'new-role'
            Get-EffectiveArn $script:Instance | Should -Be $script:NewArn
        }

        It 'disassociates then associates a stopped instance, and says so' {
            Stop-TestInstance $script:Instance
            $null = Wait-Until { (Invoke-Aws ec2 describe-instances --instance-ids $script:Instance).Reservations[0].Instances[0].State.Name -eq 'stopped' }

            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role

            $change.Method | Should -Be 'DisassociateAssociate'
            $change.Changed | Should -BeTrue
            Get-EffectiveArn $script:Instance | Should -Be $script:NewArn
        }

        It 'rolls back a change whose new association never becomes associated' {
            Set-SandboxSettings @{ faults = @{ rules = @(@{ action = 'ReplaceIamInstanceProfileAssociation'; match = @{ 'IamInstanceProfile.Arn' = $script:NewArn }; count = 1; effect = 'stuck' }) } }

            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role -Timeout 2 -ErrorVariable failures -ErrorAction SilentlyContinue 3>$null

            $change.RolledBack | Should -BeTrue
            $change.Changed | Should -BeTrue
            $change.Error | Should -Match 'put back'
            $failures.Count | Should -Be 1
            Assert-ErrorRecord $failures -Id RoleChangeRolledBack -Command Set-InstanceRole -TargetObject $script:Instance
            Get-EffectiveArn $script:Instance | Should -Be $script:OldArn
            Test-NeverWithoutProfile @(Get-SandboxTimeline $script:Instance) | Should -BeTrue
        }

        It 'recognises a replace whose answer was lost and goes on with the new association' {
            Set-SandboxSettings @{ faults = @{ rules = @(@{ action = 'ReplaceIamInstanceProfileAssociation'; count = 1; effect = 'failAfter'; errorCode = 'InternalError'; status = 500; message = 'lost' }) } }
            $replaces = Get-ActionCount ReplaceIamInstanceProfileAssociation

            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 0
            Get-ActionCount ReplaceIamInstanceProfileAssociation | Should -Be ($replaces + 1) -Because 'a lost answer is judged by a read of the instance, not by sending the call again'
            $change.Changed | Should -BeTrue
            $change.RolledBack | Should -BeFalse
            Get-EffectiveArn $script:Instance | Should -Be $script:NewArn
            Test-NeverWithoutProfile @(Get-SandboxTimeline $script:Instance) | Should -BeTrue
        }

        It 'leaves a failed change alone with -NoRollback' {
            Set-SandboxSettings @{ faults = @{ rules = @(@{ action = 'ReplaceIamInstanceProfileAssociation'; count = 1; effect = 'stuck' }) } }
            $replaces = Get-ActionCount ReplaceIamInstanceProfileAssociation

            $change = Set-InstanceRole -InstanceId $script:Instance -RoleName new-role -Timeout 2 -NoRollback -ErrorVariable failures -ErrorAction SilentlyContinue

            $change.RolledBack | Should -BeFalse
            Assert-ErrorRecord $failures -Id RoleChangeFailed -Command Set-InstanceRole
            Get-ActionCount ReplaceIamInstanceProfileAssociation | Should -Be ($replaces + 1)
            Get-EffectiveArn $script:Instance | Should -Be $script:NewArn
        }
    }

    Context 'an instance just launched' {
        It 'waits while it is pending, then replaces its profile' {
            Set-SandboxSettings @{ consistency = @{ instancePendingMs = 1500; associatingMs = 300 } }
            $instance = New-TestInstance -InstanceProfileName old-role

            $change = Set-InstanceRole -InstanceId $instance -RoleName new-role

            $change.Method | Should -Be 'Replace'
            Get-EffectiveArn $instance | Should -Be $script:NewArn
            Test-NeverWithoutProfile @(Get-SandboxTimeline $instance) | Should -BeTrue
        }
    }

    Context 'an instance without a profile' {
        It 'is associated with the target once it is running' {
            Set-SandboxSettings @{ consistency = @{ instancePendingMs = 1000 } }
            $bare = New-TestInstance

            $change = Set-InstanceRole -InstanceId $bare -RoleName new-role

            $change.Method | Should -Be 'Associate'
            $change.PreviousInstanceProfileArn | Should -BeNullOrEmpty
            Get-EffectiveArn $bare | Should -Be $script:NewArn
        }
    }

    Context 'a profile created in the same run' {
        It 'creates the profile named after the role and waits for EC2 to know it' {
            $instance = New-TestInstance -InstanceProfileName old-role
            Set-SandboxSettings @{ consistency = @{ profilePropagationMs = 1500; roleOnProfilePropagationMs = 500; associatingMs = 300; identityNotFoundVariant = $true } }
            $creates = Get-ActionCount CreateInstanceProfile
            $replaces = Get-ActionCount ReplaceIamInstanceProfileAssociation

            $change = Set-InstanceRole -InstanceId $instance -RoleName fresh-role

            $change.ProfileCreated | Should -BeTrue
            $change.InstanceProfileName | Should -Be 'fresh-role'
            $change.Changed | Should -BeTrue
            $change.InstanceProfileArn | Should -Match ':instance-profile/fresh-role$'
            Get-EffectiveArn $instance | Should -Be $change.InstanceProfileArn
            Get-ActionCount CreateInstanceProfile | Should -Be ($creates + 1)
            Get-ActionCount ReplaceIamInstanceProfileAssociation | Should -BeGreaterThan ($replaces + 1) -Because 'EC2 did not know the new profile at first'
        }

        It 'outlasts reads that see the new profile, then do not' {
            $instance = New-TestInstance -InstanceProfileName old-role
            Set-SandboxSettings @{ consistency = @{ profilePropagationMs = 1500; roleOnProfilePropagationMs = 500; associatingMs = 300; flappingReads = $true } }
            $reads = Get-ActionCount GetInstanceProfile

            $change = Set-InstanceRole -InstanceId $instance -RoleName flappy-role -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 0
            $change.ProfileCreated | Should -BeTrue
            Get-EffectiveArn $instance | Should -Be $change.InstanceProfileArn
            Get-ActionCount GetInstanceProfile | Should -BeGreaterThan ($reads + 3) -Because 'three reads in a row must see the profile with its role'
        }

        It 'refuses to create one with -NoCreate' {
            $instance = New-TestInstance
            Assert-NoRequest -Action CreateInstanceProfile {
                { Set-InstanceRole -InstanceId $instance -RoleName lonely-role -NoCreate -ErrorAction Stop } |
                    Should -Throw -ErrorId "InstanceProfileNotFound,$script:Id"
            }
        }
    }

    Context 'many instances' {
        # 60 instances: the Reliability spec's soak moves 300 under every fault at once.
        It 'moves 60 instances to the target under throttling, never leaving one without a profile' {
            $instances = New-TestInstance -InstanceProfileName old-role -Count 60
            Set-SandboxSettings @{ consistency = @{ associatingMs = 300; disassociatingMs = 300 }; faults = @{ throttleRate = 0.1; seed = 7 } }

            $changes = @($instances | Set-InstanceRole -RoleName new-role -ThrottleLimit 32 -ErrorVariable failures -ErrorAction SilentlyContinue)

            Set-SandboxSettings $script:NoDelays
            $failures.Count | Should -Be 0
            $changes.Count | Should -Be 60
            @($changes | Where-Object { -not $_.Changed -or $_.RolledBack }).Count | Should -Be 0
            ($changes.InstanceId | Sort-Object) | Should -Be ($instances | Sort-Object)
            $byInstance = @(Get-SandboxTimeline) | Where-Object instanceId -in $instances | Group-Object instanceId
            $byInstance.Count | Should -Be 60
            @($byInstance | Where-Object { $_.Group[-1].effectiveInstanceProfileArn -ne $script:NewArn }).Count | Should -Be 0
            @($byInstance | Where-Object { -not (Test-NeverWithoutProfile $_.Group) }).Count | Should -Be 0
        }
    }

    Context 'progress' {
        It 'reports done, failed and remaining counts under one activity and completes it' {
            $instances = @(New-TestInstance -InstanceProfileName old-role -Count 3) + 'i-0000000000000dead'
            $manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript("Import-Module '$manifest'; `$args[0] | Set-InstanceRole -RoleName new-role -ErrorAction SilentlyContinue").AddArgument($instances)
                $changes = $shell.Invoke()
                $progress = @($shell.Streams.Progress)
            }
            finally {
                $shell.Dispose()
            }

            $changes.Count | Should -Be 4
            @($progress.ActivityId | Sort-Object -Unique).Count | Should -Be 1
            $progress[-1].RecordType | Should -Be 'Completed'
            $progress[-1].StatusDescription | Should -Be '3 done, 1 failed, 0 remaining'
            $progress[0].StatusDescription | Should -Match '^0 done, 0 failed, [1-4] remaining$'
        }
    }

    Context 'stopping' {
        It 'starts no new instance after Ctrl+C; those in flight finish their call without waiting for it' {
            $instances = New-TestInstance -InstanceProfileName old-role -Count 30
            Set-SandboxSettings @{ consistency = @{ associatingMs = 1500 } }
            $run = Start-BackgroundCommand '$args[0] | Set-InstanceRole -RoleName new-role -ThrottleLimit 4' -ArgumentList (, $instances)
            $null = Wait-Until { @(Get-SandboxTimeline | Where-Object { $_.instanceId -in $instances -and $_.instanceProfileArn -eq $script:NewArn }).Count -ge 1 }

            $null = Stop-BackgroundCommand $run

            $byInstance = @(Get-SandboxTimeline) | Where-Object instanceId -in $instances | Group-Object instanceId
            $moved = @($byInstance | Where-Object { $_.Group[-1].effectiveInstanceProfileArn -eq $script:NewArn })
            $moved.Count | Should -BeGreaterThan 0
            $moved.Count | Should -BeLessThan 30 -Because 'no instance starts after the stop'
            @($byInstance | Where-Object { $_.Group[-1].effectiveInstanceProfileArn -notin $script:OldArn, $script:NewArn }).Count | Should -Be 0
            @($byInstance | Where-Object { -not (Test-NeverWithoutProfile $_.Group) }).Count | Should -Be 0
            # The calls in flight went through: EC2 finishes their associations after the command returned.
            $null = Wait-Until { @($moved.Name | Where-Object { -not (Get-InstanceProfileAssociation -InstanceId $_ -State associated | Where-Object InstanceProfileArn -EQ $script:NewArn) }).Count -eq 0 }
        }
    }

    Context '-WhatIf' {
        It 'prints the plan for each instance and calls nothing that mutates' {
            $instance = New-TestInstance -InstanceProfileName old-role
            $transcript = Join-Path $TestDrive 'whatif.txt'

            Assert-NoRequest -Mutating {
                $null = Start-Transcript -Path $transcript
                try { Set-InstanceRole -InstanceId $instance -RoleName planned-role -WhatIf }
                finally { $null = Stop-Transcript }
            }
            $text = Get-Content $transcript -Raw
            $text | Should -Match ([regex]::Escape("on target `"$instance`""))
            $text | Should -Match "role 'old-role'"
            $text | Should -Match "instance profile 'planned-role' with role 'planned-role' \(to be created\)"
            { Get-InstanceProfile -Name planned-role -ErrorAction Stop } | Should -Throw
        }
    }

    Context 'pipeline input' {
        BeforeEach {
            $script:Instances = New-TestInstance -InstanceProfileName old-role -Count 3
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
        It 'stops with AmbiguousInstanceProfile when several profiles hold the role and none is named after it' {
            $instance = New-TestInstance
            Assert-NoRequest -Mutating {
                { Set-InstanceRole -InstanceId $instance -RoleName shared-role -ErrorAction Stop } |
                    Should -Throw -ErrorId "AmbiguousInstanceProfile,$script:Id" -ExpectedMessage '*shared-a*shared-b*'
            }
        }

        It 'stops with RoleNotFound for a role that does not exist' {
            $instance = New-TestInstance

            { Set-InstanceRole -InstanceId $instance -RoleName no-such-role -ErrorAction Stop } |
                Should -Throw -ErrorId "RoleNotFound,$script:Id"
        }

        It 'rejects a malformed instance id before any call and goes on with the others' {
            $good = New-TestInstance

            $changes = @('i-not-an-id', $good) | Set-InstanceRole -RoleName new-role -ErrorVariable failures -ErrorAction SilentlyContinue

            Assert-ErrorRecord $failures -Id InvalidInstanceId -Command Set-InstanceRole -TargetObject 'i-not-an-id' -Category InvalidArgument
            @($changes).Count | Should -Be 1
            $changes.InstanceId | Should -Be $good
        }

        It 'sends nothing when the only instance id is malformed' {
            Assert-NoRequest { Set-InstanceRole -InstanceId 'i-123' -RoleName new-role -ErrorVariable failures -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $failures -Id InvalidInstanceId -Command Set-InstanceRole
        }

        It 'reports an unknown instance and goes on with the others' {
            $good = New-TestInstance

            $changes = @('i-0000000000000dead', $good) | Set-InstanceRole -RoleName new-role -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -Be 'i-0000000000000dead'
            @($changes | Where-Object Changed).InstanceId | Should -Be $good
        }
    }
}
