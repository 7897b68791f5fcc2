Set-StrictMode -Version Latest

# The README's safety promises under the conditions of an incident: every consistency knob and fault at once,
# Ctrl+C mid-way, and a colleague running the same runbook with another target.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
    $script:Calm = @{
        consistency = @{ associatingMs = 0; disassociatingMs = 0; profilePropagationMs = 0; roleOnProfilePropagationMs = 0; rolePropagationMs = 0; flappingReads = $false; identityNotFoundVariant = $false }
        faults = @{ throttleRate = 0; serverErrorRate = 0; dropConnectionRate = 0; latencyMs = 0; rules = @() }
    }

    # Each instance's timeline events, by instance id.
    function Get-TimelineByInstance([string[]] $InstanceId) {
        $byInstance = @{}
        foreach ($group in (@(Get-SandboxTimeline) | Where-Object instanceId -in $InstanceId | Group-Object instanceId)) {
            $byInstance[$group.Name] = @($group.Group)
        }
        $byInstance
    }

    # The ARNs of the profiles that hold the role, read with the faults off.
    function Get-ProfileArnsHolding([string] $RoleName) {
        @(Get-InstanceProfile | Where-Object RoleName -EQ $RoleName | ForEach-Object Arn)
    }

    # Starts Set-InstanceRole in a runspace of its own, as a second operator's shell would; its errors go to Streams.Error.
    function Start-RoleChange([string[]] $InstanceId, [string] $RoleName, [int] $ThrottleLimit = 64) {
        Start-BackgroundCommand "`$args[0] | Set-InstanceRole -RoleName $RoleName -ThrottleLimit $ThrottleLimit" -ArgumentList (, $InstanceId)
    }
}

AfterAll {
    Set-SandboxSettings $script:Calm
    Stop-TestSandbox
}

Describe 'Set-InstanceRole under faults, interruption and rivals' {
    AfterEach {
        Set-SandboxSettings $script:Calm
    }

    It 'soak: moves 300 instances with every consistency knob and fault on, each once, never one without its profile' {
        New-TestRole soak-old, soak-new
        $null = New-InstanceProfile -RoleName soak-old -Wait
        $onProfile = @(New-TestInstance -Count 150 -InstanceProfileName soak-old)
        $bare = @(New-TestInstance -Count 150)
        $all = $onProfile + $bare
        Set-SandboxSettings @{
            consistency = @{ profilePropagationMs = 1500; roleOnProfilePropagationMs = 500; associatingMs = 400; disassociatingMs = 300; flappingReads = $true; identityNotFoundVariant = $true }
            faults = @{ throttleRate = 0.1; serverErrorRate = 0.02; dropConnectionRate = 0.01; latencyMs = 10; seed = 29 }
        }

        $changes = @($all | Set-InstanceRole -RoleName soak-new -ErrorVariable failures -ErrorAction SilentlyContinue)

        Set-SandboxSettings $script:Calm
        $messages = @($failures | ForEach-Object { "$($_.FullyQualifiedErrorId) on $($_.TargetObject): $($_.Exception.Message)" })
        $messages | Should -BeNullOrEmpty
        $changes.Count | Should -Be 300 -Because 'one result per instance'
        @($changes.InstanceId | Sort-Object -Unique).Count | Should -Be 300
        $newArns = @(Get-ProfileArnsHolding soak-new)
        $newArns.Count | Should -Be 1 -Because 'the run creates one profile for the role, however often its calls fail'
        $timelines = Get-TimelineByInstance $all
        @($all | Where-Object { $timelines[$_][-1].effectiveInstanceProfileArn -ne $newArns[0] -or $timelines[$_][-1].state -ne 'associated' }).Count |
            Should -Be 0 -Because 'every instance converged, read back from the sandbox'
        @($onProfile | Where-Object { -not (Test-NeverWithoutProfile $timelines[$_]) }).Count | Should -Be 0
        foreach ($id in $all) {
            # One new association per instance: a lost answer is judged by the instance's state, never sent again blindly.
            @($timelines[$id] | Where-Object { $_.state -eq 'associating' -and $_.instanceProfileArn -eq $newArns[0] }).Count | Should -Be 1 -Because "instance $id"
        }
    }

    It 'interruption: a stop starts nothing new and leaves nothing half-changed; the same command then finishes the rest' {
        New-TestRole stop-old, stop-new
        $null = New-InstanceProfile -RoleName stop-old -Wait
        $null = New-InstanceProfile -RoleName stop-new -Wait
        $oldArn = (Get-InstanceProfile -Name stop-old).Arn
        $newArn = (Get-InstanceProfile -Name stop-new).Arn
        $instances = @(New-TestInstance -Count 40 -InstanceProfileName stop-old)
        Set-SandboxSettings @{ consistency = @{ associatingMs = 1000; disassociatingMs = 300 } }

        $run = Start-RoleChange $instances stop-new -ThrottleLimit 4
        try {
            $null = Wait-Until { $run.Output.Count -ge 4 } -TimeoutSeconds 60
        }
        finally {
            $null = Stop-BackgroundCommand $run
        }

        $written = @($run.Output)
        $timelines = Get-TimelineByInstance $instances
        $moved = @($instances | Where-Object { $timelines[$_][-1].effectiveInstanceProfileArn -eq $newArn })
        $moved.Count | Should -BeLessThan 40 -Because 'no instance starts after the stop'
        @($written | Where-Object { -not $_.Changed -or $_.InstanceId -notin $moved }).Count | Should -Be 0 -Because 'what was written was done'
        # Those in flight made their call and did not wait for associated (EC2 finishes it): each is on one of the two.
        @($instances | Where-Object { $timelines[$_][-1].effectiveInstanceProfileArn -notin $oldArn, $newArn }).Count | Should -Be 0
        @($instances | Where-Object { -not (Test-NeverWithoutProfile $timelines[$_]) }).Count | Should -Be 0

        $rerun = @($instances | Set-InstanceRole -RoleName stop-new)

        $rerun.Count | Should -Be 40
        @($rerun | Where-Object { $_.InstanceId -in $moved -and $_.Changed }).Count | Should -Be 0 -Because 'the done ones are reported unchanged'
        @($rerun | Where-Object { $_.InstanceId -notin $moved -and -not $_.Changed }).Count | Should -Be 0
        @($instances | Where-Object { (Get-EffectiveArn $_) -ne $newArn }).Count | Should -Be 0
    }

    It 'rivals: two runs with different targets leave each instance on one of them, never without a profile, and say so' {
        New-TestRole rival-old, rival-a, rival-b
        $null = New-InstanceProfile -RoleName rival-old -Wait
        $instances = @(New-TestInstance -Count 24 -InstanceProfileName rival-old)
        Set-SandboxSettings @{ consistency = @{ associatingMs = 600; disassociatingMs = 300; profilePropagationMs = 500 } }

        $runs = @((Start-RoleChange $instances rival-a -ThrottleLimit 6), (Start-RoleChange $instances rival-b -ThrottleLimit 6))
        foreach ($run in $runs) {
            try {
                $null = $run.Shell.EndInvoke($run.Handle)
                $run | Add-Member Errors @($run.Shell.Streams.Error)
            }
            finally {
                $run.Shell.Dispose()
            }
        }

        Set-SandboxSettings $script:Calm
        $arnA = @(Get-ProfileArnsHolding rival-a)
        $arnB = @(Get-ProfileArnsHolding rival-b)
        $arnA.Count | Should -Be 1 -Because 'neither run makes a second profile for its role'
        $arnB.Count | Should -Be 1
        foreach ($run in $runs) {
            @($run.Output.InstanceId | Sort-Object -Unique).Count | Should -Be 24 -Because 'each run reports every instance once'
        }
        $timelines = Get-TimelineByInstance $instances
        @($instances | Where-Object { $timelines[$_][-1].effectiveInstanceProfileArn -notin $arnA[0], $arnB[0] }).Count |
            Should -Be 0 -Because 'no run rolls the other back into a state neither asked for'
        @($instances | Where-Object { $timelines[$_][-1].state -ne 'associated' }).Count | Should -Be 0
        @($instances | Where-Object { -not (Test-NeverWithoutProfile $timelines[$_]) }).Count | Should -Be 0
        $targets = @($arnA[0], $arnB[0])
        for ($k = 0; $k -lt 2; $k++) {
            $run = $runs[$k]
            $unexpected = @($run.Errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'InstanceChangedElsewhere,*' -or $_.TargetObject -notin $instances -or $_.Exception.Message -notmatch 'iip-assoc-' })
            @($unexpected | ForEach-Object { "$($_.FullyQualifiedErrorId) on $($_.TargetObject): $($_.Exception.Message)" }) | Should -BeNullOrEmpty
            # A run that says it lost an instance to the other did lose it.
            foreach ($lost in $run.Errors) {
                $timelines[$lost.TargetObject][-1].effectiveInstanceProfileArn | Should -Be $targets[1 - $k] -Because "run $k lost $($lost.TargetObject)"
            }
        }
        @($runs | ForEach-Object { $_.Errors }).Count | Should -BeGreaterThan 0 -Because 'two runs over the same instances at once meet each other'
    }
}
