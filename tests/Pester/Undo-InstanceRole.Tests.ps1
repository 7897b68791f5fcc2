Set-StrictMode -Version Latest

# Undo-InstanceRole: putting journaled changes back, against the sandbox with its consistency delays on.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    New-TestRole wave-old, wave-new, wave-other
    $null = New-InstanceProfile -RoleName wave-old -Wait
    $null = New-InstanceProfile -RoleName wave-new -Wait
    $null = New-InstanceProfile -RoleName wave-other -Wait
    $script:OldArn = (Get-InstanceProfile -Name wave-old).Arn
    $script:NewArn = (Get-InstanceProfile -Name wave-new).Arn
    $script:OtherArn = (Get-InstanceProfile -Name wave-other).Arn
    $script:Delays = @{ consistency = @{ associatingMs = 300; disassociatingMs = 200 } }
}

AfterAll {
    Set-SandboxSettings @{ consistency = @{ associatingMs = 0; disassociatingMs = 0 } }
    Stop-TestSandbox
}

Describe 'Undo-InstanceRole' {
    BeforeEach {
        Set-SandboxSettings $script:Delays
    }

    It 'puts a fleet back from its journal, and a second undo changes nothing' {
        $onOld = @(New-TestInstance -Count 3 -InstanceProfileName wave-old)
        $bare = @(New-TestInstance -Count 2)
        $journal = Join-Path $TestDrive 'fleet.jsonl'
        $null = $onOld + $bare | Set-InstanceRole -RoleName wave-new -JournalPath $journal

        $undone = @(Undo-InstanceRole -JournalPath $journal -ErrorVariable refused -ErrorAction SilentlyContinue)

        $refused | Should -HaveCount 2
        foreach ($record in $refused) { Assert-ErrorRecord $record -Id NoPreviousProfile -Command Undo-InstanceRole }
        @($refused.TargetObject | Sort-Object) | Should -Be @($bare | Sort-Object)
        foreach ($id in $onOld) {
            Get-EffectiveArn $id | Should -Be $script:OldArn
            Test-NeverWithoutProfile @(Get-SandboxTimeline $id) | Should -BeTrue
        }
        foreach ($id in $bare) { Get-EffectiveArn $id | Should -Be $script:NewArn -Because 'without -AllowDisassociate an instance keeps its credentials' }

        $forced = @(Undo-InstanceRole -JournalPath $journal -AllowDisassociate)
        foreach ($id in $bare) { Get-EffectiveArn $id | Should -BeNullOrEmpty }
        @($forced | Where-Object Changed | ForEach-Object InstanceId | Sort-Object) | Should -Be @($bare | Sort-Object)

        $again = @(Assert-NoRequest -Mutating { Undo-InstanceRole -JournalPath $journal -AllowDisassociate })
        $again.Count | Should -Be 5
        @($again | Where-Object Changed).Count | Should -Be 0
    }

    It 'undoes in waves with a health check, and a failed check puts its wave back on the profile it had before the undo' {
        $instances = @(New-TestInstance -Count 5 -InstanceProfileName wave-old)
        $journal = Join-Path $TestDrive 'staged.jsonl'
        $null = $instances | Set-InstanceRole -RoleName wave-new -JournalPath $journal

        $script:checked = [System.Collections.Generic.List[int]]::new()
        $undone = [System.Collections.Generic.List[object]]::new()
        { Undo-InstanceRole $journal -Canary 1 -WaveSize 2 -HealthCheck { param($wave) $script:checked.Add(@($wave).Count); @($wave).Count -eq 1 } |
            ForEach-Object { $undone.Add($_) } } | Should -Throw -ErrorId 'RolloutHalted,InstanceProfileTools.Commands.UndoInstanceRoleCommand'

        @($script:checked) | Should -Be @(1, 2) -Because 'the canary passes and the second wave fails its check'
        @($undone | Where-Object Wave -EQ 1).Count | Should -Be 1
        $canary = ($undone | Where-Object Wave -EQ 1).InstanceId
        Get-EffectiveArn $canary | Should -Be $script:OldArn
        # The failed wave is back where the undo found it; the third wave never started.
        @($instances | Where-Object { $_ -ne $canary } | ForEach-Object { Get-EffectiveArn $_ }) | Should -Be (@($script:NewArn) * 4)
    }

    It 'leaves alone an instance someone changed since, naming both associations, and puts it back with -EvenIfChangedSince' {
        $instances = @(New-TestInstance -Count 3 -InstanceProfileName wave-old)
        $journal = Join-Path $TestDrive 'changed-since.jsonl'
        $changes = @($instances | Set-InstanceRole -RoleName wave-new -JournalPath $journal)
        $since = Set-InstanceProfileAssociation -InstanceId $instances[1] -InstanceProfileName wave-other -Wait

        $undone = @(Undo-InstanceRole $journal -ErrorVariable refused -ErrorAction SilentlyContinue)

        $refused.Count | Should -Be 1
        Assert-ErrorRecord $refused -Id InstanceChangedElsewhere -Command Undo-InstanceRole -TargetObject $instances[1]
        $refused[0].Exception.Message | Should -Match ([regex]::Escape($since.AssociationId))
        $refused[0].Exception.Message | Should -Match ([regex]::Escape(($changes | Where-Object InstanceId -EQ $instances[1]).AssociationId))
        Get-EffectiveArn $instances[1] | Should -Be $script:OtherArn
        Get-EffectiveArn $instances[0] | Should -Be $script:OldArn
        Get-EffectiveArn $instances[2] | Should -Be $script:OldArn

        $null = $instances[1] | Undo-InstanceRole $journal -EvenIfChangedSince
        Get-EffectiveArn $instances[1] | Should -Be $script:OldArn
    }

    It 'changes nothing under -WhatIf, and refuses a journal that is not one before any call' {
        $instances = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)
        $journal = Join-Path $TestDrive 'whatif.jsonl'
        $null = $instances | Set-InstanceRole -RoleName wave-new -JournalPath $journal
        $lines = @(Get-Content $journal).Count
        Assert-NoRequest -Mutating { Undo-InstanceRole $journal -WhatIf }
        @(Get-Content $journal).Count | Should -Be $lines -Because '-WhatIf journals nothing'
        $null = $instances | Set-InstanceRole -RoleName wave-other -JournalPath (Join-Path $TestDrive 'never.jsonl') -WhatIf
        Join-Path $TestDrive 'never.jsonl' | Should -Not -Exist

        $bad = Join-Path $TestDrive 'bad.jsonl'
        Set-Content $bad "not a journal`n{}"
        Assert-NoRequest { { Undo-InstanceRole $bad -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidParameter,InstanceProfileTools.Commands.UndoInstanceRoleCommand' -ExpectedMessage '*is not a journal*' }
    }
}

Describe 'Undo-InstanceRole and what lies outside the call' {
    It 'reads a journal a crash tore in the middle, skipping the torn line with a warning, and undoes both runs' {
        $first = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)
        $second = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)
        $journal = Join-Path $TestDrive 'torn.jsonl'
        $null = $first | Set-InstanceRole -RoleName wave-new -JournalPath $journal
        Add-Content $journal -Value '{"time":"2026-12-04T03:00:00+00:00","command":"Set-Inst' -NoNewline
        $null = $second | Set-InstanceRole -RoleName wave-new -JournalPath $journal

        $null = Undo-InstanceRole $journal -WarningVariable warned -WarningAction SilentlyContinue

        ($warned -join ' ') | Should -Match 'Line\(s\) \d+ of journal'
        foreach ($id in $first + $second) { Get-EffectiveArn $id | Should -Be $script:OldArn }
    }

    It 'refuses a journal edited to name <Case> before any change' -ForEach @(
        @{ Case = 'another account'; Edit = { param($line) $line -replace '123456789012', '999999999999' } }
        @{ Case = 'a profile ARN of another account'; Edit = { param($line) $line -replace 'iam::123456789012:instance-profile', 'iam::999999999999:instance-profile' -replace '"account":"\d+"', '"account":null' } }
    ) {
        $instances = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)
        $journal = Join-Path $TestDrive "crafted-$($Case -replace ' ', '-').jsonl"
        $null = $instances | Set-InstanceRole -RoleName wave-new -JournalPath $journal
        Set-Content $journal -Value (Get-Content $journal | ForEach-Object { & $Edit $_ })
        Assert-NoRequest -Mutating { { Undo-InstanceRole $journal -ErrorAction Stop } | Should -Throw -ErrorId 'JournalNotTrusted,InstanceProfileTools.Commands.UndoInstanceRoleCommand' -ExpectedMessage '*Line *' }

        foreach ($id in $instances) { Get-EffectiveArn $id | Should -Be $script:NewArn }
    }
}

Describe 'Undo-InstanceRole routes each line to its region' {
    It 'sends a line edited to name another region there, where its instance is not, and changes nothing' {
        $instances = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)
        $journal = Join-Path $TestDrive 'crafted-another-region.jsonl'
        $null = $instances | Set-InstanceRole -RoleName wave-new -JournalPath $journal
        Set-Content $journal -Value (Get-Content $journal | ForEach-Object { $_ -replace '"region":"us-east-1"', '"region":"eu-west-1"' })

        $changes = Assert-NoRequest -Mutating { Undo-InstanceRole $journal -ErrorVariable failed -ErrorAction SilentlyContinue }

        @($changes | Where-Object Changed).Count | Should -Be 0
        @($failed).Count | Should -Be 2 -Because 'neither instance is in eu-west-1: each fails alone'
        @($changes).Region | Sort-Object -Unique | Should -Be 'eu-west-1'
        foreach ($id in $instances) { Get-EffectiveArn $id | Should -Be $script:NewArn }
    }
}

Describe '-JournalPath on the single-association cmdlets' {
    It 'journals Register-, Set-InstanceProfileAssociation and Unregister-, and Undo-InstanceRole puts each back' {
        $bare = @(New-TestInstance -Count 2)
        $onOld = @(New-TestInstance -Count 2 -InstanceProfileName wave-old)
        $gone = New-TestInstance -InstanceProfileName wave-old
        $journal = Join-Path $TestDrive 'associations.jsonl'

        $null = $bare | Register-InstanceProfile -InstanceProfileName wave-new -JournalPath $journal -Wait
        $null = $onOld | Set-InstanceProfileAssociation -InstanceProfileName wave-new -JournalPath $journal -Wait
        $null = Unregister-InstanceProfile -InstanceId $gone -JournalPath $journal -Confirm:$false

        $lines = @(Read-Journal $journal | Where-Object outcome -NE 'Intent')
        ($lines | ForEach-Object command) | Should -Be 'Register-InstanceProfile', 'Register-InstanceProfile', 'Set-InstanceProfileAssociation', 'Set-InstanceProfileAssociation', 'Unregister-InstanceProfile'
        @($lines | Where-Object command -EQ 'Set-InstanceProfileAssociation' | ForEach-Object previousInstanceProfileArn | Sort-Object -Unique) | Should -Be $script:OldArn
        Wait-Until { @(Get-InstanceProfileAssociation -InstanceId $gone).Count -eq 0 } | Out-Null

        $null = Undo-InstanceRole $journal -AllowDisassociate

        foreach ($id in $bare) { Get-EffectiveArn $id | Should -BeNullOrEmpty }
        foreach ($id in $onOld + $gone) { Get-EffectiveArn $id | Should -Be $script:OldArn }
    }
}
