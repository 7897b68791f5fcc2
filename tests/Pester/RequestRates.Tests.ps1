Set-StrictMode -Version Latest

# Set-InstanceRole against EC2's real request limits (the sandbox's --rate-limits aws): batched reads, paced writes.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    New-TestRole rate-old, rate-new
    $null = New-InstanceProfile -RoleName rate-old
    $null = New-InstanceProfile -RoleName rate-new -Wait
    $script:NewArn = (Get-InstanceProfile -Name rate-new).Arn

    # EC2 calls that read, from the sandbox's counts.
    function Get-ReadCount {
        (Get-ActionCount DescribeIamInstanceProfileAssociations) + (Get-ActionCount DescribeInstances)
    }
}

AfterAll {
    Remove-Item Env:IPT_POLL_INTERVAL_MS -ErrorAction SilentlyContinue
    Stop-TestSandbox
}

Describe 'Set-InstanceRole at AWS request rates' {
    BeforeEach {
        # Polls at a realistic second: at the specs' usual 50 ms, the poll count would measure the interval, not the batching.
        $env:IPT_POLL_INTERVAL_MS = '1000'
    }

    It 'moves a mixed fleet with few reads, one write per instance and no throttling' {
        $onProfile = @(New-TestInstance -Count 60 -InstanceProfileName rate-old)
        $bare = @(New-TestInstance -Count 60)
        Set-SandboxSettings @{ consistency = @{ associatingMs = 1000 }; faults = @{ rateLimits = 'aws' } }
        $readsBefore = Get-ReadCount
        $replaceBefore = Get-ActionCount ReplaceIamInstanceProfileAssociation
        $associateBefore = Get-ActionCount AssociateIamInstanceProfile

        $changes = @($onProfile + $bare | Set-InstanceRole -RoleName rate-new -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures | Should -BeNullOrEmpty
        $changes.Count | Should -Be 120
        @($changes | Where-Object { $_.Changed -and $_.InstanceProfileArn -eq $script:NewArn }).Count | Should -Be 120
        ((Get-ActionCount ReplaceIamInstanceProfileAssociation) - $replaceBefore) | Should -Be 60
        ((Get-ActionCount AssociateIamInstanceProfile) - $associateBefore) | Should -Be 60
        $reads = (Get-ReadCount) - $readsBefore
        ($reads / 120) | Should -BeLessOrEqual 0.3 -Because "$reads reads for 120 instances"
        $stats = Get-SandboxStats
        ($stats.throttled / $stats.requests) | Should -BeLessOrEqual 0.01 -Because "$($stats.throttled) of $($stats.requests) requests were throttled"
    }

    It 'reads many instances'' roles in batches' {
        $ids = @(New-TestInstance -Count 30 -InstanceProfileName rate-old) + @(New-TestInstance -Count 10)
        $readsBefore = Get-ReadCount

        $roles = @($ids | Get-InstanceRole)

        $roles.Count | Should -Be 40
        @($roles | Where-Object RoleName -EQ 'rate-old').Count | Should -Be 30
        ((Get-ReadCount) - $readsBefore) | Should -BeLessOrEqual 2
    }

    It 'plans a fleet under -WhatIf with reads of 200 instances and no mutation' {
        $onProfile = @(New-TestInstance -Count 150 -InstanceProfileName rate-old)
        $bare = @(New-TestInstance -Count 100)
        $associationReadsBefore = Get-ActionCount DescribeIamInstanceProfileAssociations
        $stateReadsBefore = Get-ActionCount DescribeInstances
        $transcript = Join-Path $TestDrive 'fleet-whatif.txt'

        Assert-NoRequest -Mutating {
            $null = Start-Transcript -Path $transcript
            try { $onProfile + $bare | Set-InstanceRole -RoleName rate-new -WhatIf }
            finally { $null = Stop-Transcript }
        }
        $text = Get-Content $transcript -Raw
        foreach ($id in $onProfile + $bare) { $text | Should -Match ([regex]::Escape("on target `"$id`"")) }
        # 250 instances: two association reads, the states of the 150 on another profile in one read each batch,
        # and the tags of all 250 (who launches them again) in two reads of 200.
        ((Get-ActionCount DescribeIamInstanceProfileAssociations) - $associationReadsBefore) | Should -Be 2
        ((Get-ActionCount DescribeInstances) - $stateReadsBefore) | Should -BeLessOrEqual 4
    }

    It 'reads the associations of many piped instances 200 a call' {
        $ids = @(New-TestInstance -Count 250 -InstanceProfileName rate-old)
        $before = Get-ActionCount DescribeIamInstanceProfileAssociations

        $associations = @($ids | Get-InstanceProfileAssociation)

        @($associations.InstanceId | Sort-Object -Unique).Count | Should -Be 250
        @($associations | Where-Object InstanceProfileArn -NE (Get-InstanceProfile -Name rate-old).Arn).Count | Should -Be 0
        ((Get-ActionCount DescribeIamInstanceProfileAssociations) - $before) | Should -Be 2
    }

    It 'makes no more mutating calls a second than -MaxRequestRate after the first second' {
        $ids = @(New-TestInstance -Count 10 -InstanceProfileName rate-old)
        Set-SandboxSettings @{ faults = @{ rateLimits = 'aws' } }

        $changes = @($ids | Set-InstanceRole -RoleName rate-new -MaxRequestRate 2)

        @($changes | Where-Object Changed).Count | Should -Be 10
        $starts = @(Get-SandboxTimeline | Where-Object { $_.state -eq 'associating' -and $_.instanceProfileArn -eq $script:NewArn -and $_.instanceId -in $ids } |
            ForEach-Object { [DateTimeOffset][DateTime]$_.time } | Sort-Object)
        $starts.Count | Should -Be 10
        # Every count below is of windows on the sandbox's own clock (its timeline), never the client's.
        $firstSecondEnds = $starts[0].AddSeconds(1)
        foreach ($start in ($starts | Where-Object { $_ -ge $firstSecondEnds })) {
            # The client sends every 500 ms; the sandbox sees arrivals, which a busy machine delays by some tens of
            # milliseconds each. A window of 900 ms holds a third call only if the pace itself is broken.
            $inWindow = @($starts | Where-Object { $_ -ge $start -and $_ -lt $start.AddMilliseconds(900) }).Count
            $inWindow | Should -BeLessOrEqual 2 -Because "the second from $($start.ToString('HH:mm:ss.fff')) held $inWindow mutating calls"
        }
        # The pace over the whole run, burst included: at 2 a second, the 3.5 s from the first call cannot hold all 10.
        $inFirst = @($starts | Where-Object { $_ -lt $starts[0].AddSeconds(3.5) }).Count
        $inFirst | Should -BeLessThan $starts.Count -Because "the 3.5 s from the first call held $inFirst of the $($starts.Count) mutating calls"
    }
}
