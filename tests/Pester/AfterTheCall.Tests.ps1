Set-StrictMode -Version Latest

# What happens after a call went through (issue 18): lost replies, stuck associations, a full disk and Ctrl+C, driven
# by the sandbox's fault rules and judged from its timeline and the journal, never from what the command says alone.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    New-TestRole fault-old, fault-new
    $null = New-InstanceProfile -RoleName fault-old -Wait
    $null = New-InstanceProfile -RoleName fault-new -Wait
    $script:OldArn = (Get-InstanceProfile -Name fault-old).Arn
    $script:NewArn = (Get-InstanceProfile -Name fault-new).Arn
    $script:Delays = @{ consistency = @{ associatingMs = 200; disassociatingMs = 100 } }
    # One launch for the whole table (the AWS CLI takes a second a call): each row takes its own instance.
    $script:Running = @(New-TestInstance -Count 5 -InstanceProfileName fault-old)
    $script:Stopped = @(New-TestInstance -Count 7 -InstanceProfileName fault-old)
    Stop-TestInstance $script:Stopped

    # A rule for one call of an action, optionally only the one that carries a profile ARN.
    function New-FaultRule([string] $Action, [string] $Effect, [string] $ProfileArn) {
        $rule = @{ action = $Action; effect = $Effect; count = 1 }
        if ($Effect -ne 'stuck') { $rule.errorCode = 'InternalError'; $rule.status = 500; $rule.message = 'We encountered an internal error. Please try again.' }
        if ($ProfileArn) { $rule.match = @{ 'IamInstanceProfile.Arn' = $ProfileArn } }
        $rule
    }
}

AfterAll {
    Set-SandboxSettings @{ consistency = @{ associatingMs = 0; disassociatingMs = 0 }; faults = @{ rules = @() } }
    Stop-TestSandbox
}

Describe 'Set-InstanceRole and Undo-InstanceRole after the call went through' {
    BeforeEach {
        Set-SandboxSettings ($script:Delays + @{ faults = @{ rules = @() } })
    }

    # Phase: which run meets the fault. A rollback is forced by a target association that stays associating
    # (Timeout 2 s); the fault then strikes the call that puts the instance back (the one carrying the old ARN).
    It '<Phase> of a <State> instance: <Action> <Effect> leaves it with a profile, reported and journaled where it is, and undone' -ForEach @(
        @{ Phase = 'change'; State = 'running'; Action = 'ReplaceIamInstanceProfileAssociation'; Effect = 'fail'; Index = 0 }
        @{ Phase = 'change'; State = 'running'; Action = 'ReplaceIamInstanceProfileAssociation'; Effect = 'failAfter'; Index = 1 }
        @{ Phase = 'change'; State = 'running'; Action = 'ReplaceIamInstanceProfileAssociation'; Effect = 'stuck'; Index = 2 }
        @{ Phase = 'change'; State = 'stopped'; Action = 'DisassociateIamInstanceProfile'; Effect = 'fail'; Index = 0 }
        @{ Phase = 'change'; State = 'stopped'; Action = 'DisassociateIamInstanceProfile'; Effect = 'failAfter'; Index = 1 }
        @{ Phase = 'change'; State = 'stopped'; Action = 'AssociateIamInstanceProfile'; Effect = 'failAfter'; Index = 2 }
        @{ Phase = 'change'; State = 'stopped'; Action = 'AssociateIamInstanceProfile'; Effect = 'stuck'; Index = 3 }
        @{ Phase = 'rollback'; State = 'running'; Action = 'ReplaceIamInstanceProfileAssociation'; Effect = 'failAfter'; Index = 3 }
        @{ Phase = 'rollback'; State = 'stopped'; Action = 'AssociateIamInstanceProfile'; Effect = 'failAfter'; Index = 4 }
        @{ Phase = 'undo'; State = 'running'; Action = 'ReplaceIamInstanceProfileAssociation'; Effect = 'failAfter'; Index = 4 }
        @{ Phase = 'undo'; State = 'stopped'; Action = 'DisassociateIamInstanceProfile'; Effect = 'failAfter'; Index = 5 }
        @{ Phase = 'undo'; State = 'stopped'; Action = 'AssociateIamInstanceProfile'; Effect = 'failAfter'; Index = 6 }
    ) {
        $id = if ($State -eq 'stopped') { $script:Stopped[$Index] } else { $script:Running[$Index] }
        $journal = Join-Path $TestDrive "$Phase-$State-$Action-$Effect.jsonl"
        $rules = switch ($Phase) {
            'change' { @(New-FaultRule $Action $Effect $(if ($Action -ne 'DisassociateIamInstanceProfile') { $script:NewArn })) }
            'rollback' { @((New-FaultRule $(if ($State -eq 'running') { 'ReplaceIamInstanceProfileAssociation' } else { 'AssociateIamInstanceProfile' }) stuck $script:NewArn), (New-FaultRule $Action $Effect $script:OldArn)) }
            'undo' { @() }
        }
        Set-SandboxSettings @{ faults = @{ rules = @($rules | Where-Object { $_ }) } }
        $before = Get-ActionCount $Action

        $change = Set-InstanceRole -InstanceId $id -RoleName fault-new -Timeout 2 -JournalPath $journal -ErrorAction SilentlyContinue
        if ($Phase -eq 'undo') {
            Set-SandboxSettings @{ faults = @{ rules = @(New-FaultRule $Action $Effect $(if ($Action -ne 'DisassociateIamInstanceProfile') { $script:OldArn })) } }
            $before = Get-ActionCount $Action
            $change = Undo-InstanceRole -JournalPath $journal -Timeout 2 -ErrorAction SilentlyContinue
        }

        (Get-ActionCount $Action) | Should -BeGreaterThan $before -Because 'the faulted call was made'
        $now = Get-EffectiveArn $id
        $now | Should -BeIn $script:OldArn, $script:NewArn -Because 'no instance that had a profile ends without one'
        if ($State -eq 'running') { Test-NeverWithoutProfile @(Get-SandboxTimeline $id) | Should -BeTrue }
        $change.InstanceProfileArn | Should -Be $now -Because 'what is emitted is where the instance is'
        @(Read-Journal $journal | Where-Object { $_.instanceId -eq $id -and $_.outcome -ne 'Intent' })[-1].newInstanceProfileArn | Should -Be $now -Because 'what is journaled is where the instance is'

        if ($Phase -ne 'undo') {
            Set-SandboxSettings @{ faults = @{ rules = @() } }
            $null = Undo-InstanceRole -JournalPath $journal -Timeout 5
        }
        Get-EffectiveArn $id | Should -Be $script:OldArn -Because 'Undo puts back every instance the journal may have moved'
    }
}

Describe 'A journal that cannot be written' {
    It 'stops the run with JournalWriteFailed before any unrecorded change, and the command returns' {
        $instances = @(New-TestInstance -Count 5 -InstanceProfileName fault-old)
        # /dev/full answers every write with ENOSPC: the kernel's own full file system.
        $journal = Join-Path $TestDrive 'full.jsonl'
        $null = New-Item -ItemType SymbolicLink -Path $journal -Target '/dev/full'

        $changes = @(Assert-NoRequest -Mutating -Because 'every change is recorded before it is made' {
                $instances | Set-InstanceRole -RoleName fault-new -JournalPath $journal -ErrorVariable failed -ErrorAction SilentlyContinue
            })

        @($failed | Where-Object FullyQualifiedErrorId -EQ 'JournalWriteFailed,InstanceProfileTools.Commands.SetInstanceRoleCommand').Count | Should -BeGreaterThan 0
        $failed[0].CategoryInfo.Category | Should -Be 'WriteError'
        foreach ($id in $instances) { Get-EffectiveArn $id | Should -Be $script:OldArn }
        @($changes | Where-Object Changed).Count | Should -Be 0

        # The lock and clients were released: the same journal path takes a writer again.
        Remove-Item $journal
        $null = $instances | Set-InstanceRole -RoleName fault-new -JournalPath $journal
        foreach ($id in $instances) { Get-EffectiveArn $id | Should -Be $script:NewArn }
    }
}

Describe 'Ctrl+C while the target is broken' {
    It 'returns once the calls in flight are answered, not after their retries or waits, and changes nothing more' {
        $instances = @(New-TestInstance -Count 40 -InstanceProfileName fault-old)
        $broken = @{ action = 'ReplaceIamInstanceProfileAssociation'; effect = 'fail'; count = -1; errorCode = 'InvalidParameterValue'; status = 400
            message = 'Value (fault-new) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name' }
        Set-SandboxSettings @{ faults = @{ rules = @($broken) } }
        $run = Start-BackgroundCommand '$args[0] | Set-InstanceRole -RoleName fault-new -ThrottleLimit 8 -PropagationTimeout 600' -ArgumentList (, $instances)
        $null = Wait-Until { (Get-ActionCount ReplaceIamInstanceProfileAssociation) -ge 4 } -TimeoutSeconds 60
        $atStop = (Get-SandboxStats).requests

        # Before, each instance in flight waited out its propagation retries (-PropagationTimeout, here 10 minutes),
        # retrying every 50 to 200 ms: thousands of requests until Stop returned. Now the stop lets the calls in flight
        # (at most -ThrottleLimit 8) be answered and sends nothing more. Only a clock shows a Stop that blocks without
        # sending, hence the hang guard, far below the command's own 10 minutes (no speed is measured).
        Stop-BackgroundCommand $run -TimeoutSeconds 30 | Should -Be 'Stopped'
        (Get-SandboxStats).requests - $atStop | Should -BeLessOrEqual 16 -Because 'the calls in flight and those begun as Stop was asked, at most -ThrottleLimit each, and no retry'
        Assert-NoRequest -Action ReplaceIamInstanceProfileAssociation -Because 'nothing goes on after the stop' {
            Set-SandboxSettings @{ faults = @{ rules = @() } }
            foreach ($id in $instances) { Get-EffectiveArn $id | Should -Be $script:OldArn }
        }
    }
}
