Set-StrictMode -Version Latest

# Set-InstanceRole's staged rollouts and journal, against the sandbox with its consistency delays on.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Url = Get-SandboxUrl
    $script:Manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
    New-TestRole wave-old, wave-new, wave-broken
    $null = New-InstanceProfile -RoleName wave-old -Wait
    $null = New-InstanceProfile -RoleName wave-new -Wait
    $null = New-InstanceProfile -RoleName wave-broken -Wait
    $script:OldArn = (Get-InstanceProfile -Name wave-old).Arn
    $script:NewArn = (Get-InstanceProfile -Name wave-new).Arn
    $script:Delays = @{ consistency = @{ associatingMs = 300; disassociatingMs = 200 } }
    $script:RolloutId = 'RolloutHalted,InstanceProfileTools.Commands.SetInstanceRoleCommand'

    # What the instance's metadata service would serve now: healthy unless its role is one of brokenRoles.
    function script:Test-Healthy([string] $InstanceId) {
        (Invoke-RestMethod "$script:Url/_sandbox/instances/$InstanceId/credentials").Healthy
    }
}

AfterAll {
    Set-SandboxSettings @{ brokenRoles = @(); consistency = @{ associatingMs = 0; disassociatingMs = 0 } }
    Stop-TestSandbox
}

Describe 'Set-InstanceRole in waves' {
    BeforeEach {
        Set-SandboxSettings $script:Delays
    }

    It 'moves a healthy fleet wave by wave, in order, checking each wave once' {
        $instances = @(New-TestInstance -Count 7 -InstanceProfileName wave-old)
        $script:Checked = [System.Collections.Generic.List[object]]::new()

        $changes = @($instances | Set-InstanceRole -RoleName wave-new -Canary 1 -WaveSize 3 -ThrottleLimit 2 -HealthCheck {
                param($Changes)
                $script:Checked.Add(@($Changes | ForEach-Object { $_.Wave } | Sort-Object -Unique))
                foreach ($change in $Changes) { Test-Healthy $change.InstanceId }
            })

        $changes.Count | Should -Be 7
        @($changes | Where-Object { -not $_.Changed }).Count | Should -Be 0
        ($changes | ForEach-Object Wave) | Should -Be 1, 2, 2, 2, 3, 3, 3 -Because 'results come wave by wave'
        @($script:Checked | ForEach-Object { "$_" }) | Should -Be '1', '2', '3' -Because 'each check sees its own wave only'
        $started = @{}
        foreach ($event in (Get-SandboxTimeline | Where-Object { $_.instanceId -in $instances -and $_.state -eq 'associating' -and $_.instanceProfileArn -eq $script:NewArn })) {
            $started[$event.instanceId] = [int64]$event.seq
        }
        $associated = @{}
        foreach ($event in (Get-SandboxTimeline | Where-Object { $_.instanceId -in $instances -and $_.state -eq 'associated' -and $_.instanceProfileArn -eq $script:NewArn })) {
            $associated[$event.instanceId] = [int64]$event.seq
        }
        foreach ($later in 1..6) {
            $previousWave = @($changes | Where-Object Wave -EQ ($changes[$later].Wave - 1))
            foreach ($before in $previousWave) {
                $associated[$before.InstanceId] | Should -BeLessThan $started[$changes[$later].InstanceId] -Because 'a wave starts once the one before is done'
            }
        }
    }

    It 'waits -WavePause seconds after a passed check before the next wave' {
        $instances = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)
        $script:Marker = $null

        # The canary's check leaves a mark on the sandbox's own clock: an instance launched with a profile, whose
        # association the timeline stamps (the admin launch is no AWS request, and the mark is no instance of the run).
        $null = $instances | Set-InstanceRole -RoleName wave-new -Canary 1 -WavePause 2 -HealthCheck {
            if (-not $script:Marker) {
                $launch = @{ instanceProfileName = 'wave-old' } | ConvertTo-Json -Compress
                $script:Marker = (Invoke-RestMethod -Method Post -Uri "$script:Url/_sandbox/instances/launch" -Body $launch -ContentType 'application/json').instanceIds[0]
            }
            $true
        }

        $checked = @(Get-SandboxTimeline $script:Marker)[0]
        $secondStarted = @(Get-SandboxTimeline $instances[1] | Where-Object { $_.state -eq 'associating' -and $_.instanceProfileArn -eq $script:NewArn })[0]
        [int64]$secondStarted.seq | Should -BeGreaterThan ([int64]$checked.seq) -Because 'the next wave starts after the canary''s check'
        ([DateTimeOffset][DateTime]$secondStarted.time - [DateTimeOffset][DateTime]$checked.time).TotalSeconds | Should -BeGreaterOrEqual 1.9 -Because 'the pause comes between the canary''s check and the next wave'
    }

    It 'shows the wave in its progress' {
        $instances = @(New-TestInstance -Count 3 -InstanceProfileName wave-old)
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$script:Manifest'; `$args[0] | Set-InstanceRole -RoleName wave-new -Canary 1 -WaveSize 2").AddArgument($instances)
            $changes = $shell.Invoke()
            $progress = @($shell.Streams.Progress)
        }
        finally {
            $shell.Dispose()
        }

        $changes.Count | Should -Be 3
        @($progress | ForEach-Object CurrentOperation | Where-Object { $_ } | Sort-Object -Unique) | Should -Be 'wave 1', 'wave 2'
        $progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'stops at a failed canary: the canary goes back, no other instance is touched' {
        $instances = @(New-TestInstance -Count 5 -InstanceProfileName wave-old)
        Set-SandboxSettings @{ brokenRoles = @('wave-broken') }
        $journal = Join-Path $TestDrive 'canary.jsonl'

        $run = {
            $instances | Set-InstanceRole -RoleName wave-broken -Canary 1 -WaveSize 2 -JournalPath $journal -ErrorAction Stop -HealthCheck {
                param($Changes)
                foreach ($change in $Changes) { Test-Healthy $change.InstanceId }
            }
        }

        $run | Should -Throw -ErrorId $script:RolloutId -ExpectedMessage '*wave 1*$false*put back*'
        Set-SandboxSettings @{ brokenRoles = @() }
        $canary = $instances[0]
        Get-EffectiveArn $canary | Should -Be $script:OldArn
        Test-NeverWithoutProfile @(Get-SandboxTimeline $canary) | Should -BeTrue
        $brokenArn = (Get-InstanceProfile -Name wave-broken).Arn
        foreach ($id in $instances[1..4]) {
            @(Get-SandboxTimeline $id | Where-Object instanceProfileArn -EQ $brokenArn).Count | Should -Be 0 -Because "$id is beyond the canary"
            Get-EffectiveArn $id | Should -Be $script:OldArn
        }
        $lines = @(Read-Journal $journal)
        ($lines | ForEach-Object outcome) | Should -Be 'Intent', 'Changed', 'Intent', 'Changed' -Because 'each call is recorded before it is made: the canary change, then its rollback'
        $lines[1].newInstanceProfileArn | Should -Match 'wave-broken$'
        $lines[2].previousInstanceProfileArn | Should -Match 'wave-broken$'
        $lines[3].newInstanceProfileArn | Should -Be $script:OldArn
        @($lines.instanceId | Sort-Object -Unique) | Should -Be $canary
    }

    It 'stops on a health check that throws, and on one that outlasts its timeout' {
        $instances = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)

        { $instances | Set-InstanceRole -RoleName wave-new -Canary 1 -ErrorAction Stop -HealthCheck { throw 'probe refused' } } |
            Should -Throw -ErrorId $script:RolloutId -ExpectedMessage '*probe refused*'
        Get-EffectiveArn $instances[0] | Should -Be $script:OldArn

        { $instances | Set-InstanceRole -RoleName wave-new -Canary 1 -HealthCheckTimeout 1 -ErrorAction Stop -HealthCheck { Start-Sleep -Seconds 30 } } |
            Should -Throw -ErrorId $script:RolloutId -ExpectedMessage '*did not finish within 1 s*'
        Get-EffectiveArn $instances[0] | Should -Be $script:OldArn
        Get-EffectiveArn $instances[1] | Should -Be $script:OldArn
    }

    It 'stops on a health check that says nothing, or something other than $true' -ForEach @(
        @{ Case = 'no output'; Check = { }; Message = '*wrote no output*' }
        @{ Case = 'a string'; Check = { 'ok' }; Message = "*wrote 'ok'*" }
        @{ Case = '$true and a string'; Check = { $true; 'fine' }; Message = "*wrote 'fine'*" }
    ) {
        $instances = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)

        { $instances | Set-InstanceRole -RoleName wave-new -Canary 1 -ErrorAction Stop -HealthCheck $Check } |
            Should -Throw -ErrorId $script:RolloutId -ExpectedMessage $Message
        Get-EffectiveArn $instances[0] | Should -Be $script:OldArn -Because 'a check that proved nothing puts the canary back'
        Get-EffectiveArn $instances[1] | Should -Be $script:OldArn
    }

    It 'stops when more instances fail than -MaxFailures' {
        $instances = @(New-TestInstance -Count 3 -InstanceProfileName wave-old) + 'i-0000000000000dead'

        { $instances | Set-InstanceRole -RoleName wave-new -WaveSize 4 -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId $script:RolloutId -ExpectedMessage '*1 instance(s) failed, more than -MaxFailures 0*'
        foreach ($id in $instances[0..2]) { Get-EffectiveArn $id | Should -Be $script:OldArn }

        $changes = @($instances | Set-InstanceRole -RoleName wave-new -WaveSize 4 -MaxFailures 1 -ErrorAction SilentlyContinue)
        @($changes | Where-Object Changed).Count | Should -Be 3
    }

    It 'journals an interrupted rollout completely, one parseable line per instance done' {
        $instances = @(New-TestInstance -Count 24 -InstanceProfileName wave-old)
        Set-SandboxSettings @{ consistency = @{ associatingMs = 800 } }
        $journal = Join-Path $TestDrive 'stopped.jsonl'
        $run = Start-BackgroundCommand "`$args[0] | Set-InstanceRole -RoleName wave-new -WaveSize 8 -ThrottleLimit 4 -JournalPath '$journal'" -ArgumentList (, $instances)
        try {
            $null = Wait-Until { $run.Output.Count -ge 2 } -TimeoutSeconds 60
        }
        finally {
            $null = Stop-BackgroundCommand $run
        }

        $lines = Read-Journal $journal
        $moved = @($instances | Where-Object { (Get-EffectiveArn $_) -eq $script:NewArn })
        $moved.Count | Should -BeLessThan 24
        # Each instance's last line says where it is: moved ones (verified, or stopped while associating) on the new profile.
        $last = @($lines | Group-Object instanceId | ForEach-Object { $_.Group[-1] })
        @($last | Where-Object newInstanceProfileArn -EQ $script:NewArn | ForEach-Object instanceId | Sort-Object) | Should -Be @($moved | Sort-Object) -Because 'every instance moved, and only those, ends on the new profile'
        @($moved | Where-Object { $_ -notin @($lines | Where-Object outcome -EQ 'Intent' | ForEach-Object instanceId) }).Count | Should -Be 0 -Because 'each call was recorded before it was made'
        foreach ($line in $lines) {
            $line.instanceId | Should -BeIn $instances
            $line.previousInstanceProfileArn | Should -Be $script:OldArn
            $line.newInstanceProfileArn | Should -BeIn $script:NewArn, $script:OldArn
            $line.account | Should -Match '^\d{12}$'
            $line.region | Should -Be 'us-east-1'
            $line.wave | Should -Be 1
        }
    }
}

Describe 'the rollout rehearsal in examples/' {
    It 'rolls out a broken role, stops at the canary with nothing beyond it changed, then rolls out and undoes a good one' {
        $script = Join-Path (Get-RepoRoot) 'examples/Rehearse-Rollout.ps1'

        $output = Invoke-ChildPwsh "& '$script' -EndpointUrl '$script:Url'" -TimeoutSeconds 180

        # The script throws (and the child fails) on any instance left off its expected role.
        ($output -join "`n") | Should -Match 'Stopped: RolloutHalted'
        ($output -join "`n") | Should -Match 'healthy: False'
    }
}
