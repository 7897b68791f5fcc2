Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.WaitInstanceProfileCommand'
    New-TestRole app-role
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Wait-InstanceProfile' {
    BeforeEach {
        $name = New-TestName app
    }

    Context 'waiting' {
        It 'writes the profile once several reads in a row see it' {
            $null = New-InstanceProfile -Name $name
            $before = Get-ActionCount GetInstanceProfile

            $found = Wait-InstanceProfile -Name $name -Timeout 30

            $found.InstanceProfileName | Should -Be $name
            (Get-ActionCount GetInstanceProfile) - $before | Should -Be 3
        }

        It 'writes a profile that exists when -Timeout leaves no room for several reads' {
            $null = New-InstanceProfile -Name $name
            # AWS's pace: two-second polls, so a one-second timeout allows a single read.
            $interval = $env:IPT_POLL_INTERVAL_MS
            $env:IPT_POLL_INTERVAL_MS = '2000'
            try {
                $found = Wait-InstanceProfile -Name $name -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
            }
            finally {
                $env:IPT_POLL_INTERVAL_MS = $interval
            }

            $err | Should -BeNullOrEmpty
            $found.InstanceProfileName | Should -Be $name
        }

        It 'waits until the profile holds the role with -RoleName' {
            $null = New-InstanceProfile -Name $name
            # Another process (the AWS CLI) adds the role while the wait polls.
            $adding = Start-Process -FilePath aws -ArgumentList 'iam', 'add-role-to-instance-profile', '--instance-profile-name', $name, '--role-name', 'app-role' -PassThru

            $found = Wait-InstanceProfile -Name $name -RoleName app-role -Timeout 30

            $found.RoleName | Should -Be 'app-role'
            $adding.WaitForExit()
            $adding.ExitCode | Should -Be 0
        }
    }

    Context 'pipeline' {
        It 'takes names from the pipeline' {
            $null = New-InstanceProfile -Name $name

            ($name | Wait-InstanceProfile).InstanceProfileName | Should -Be $name
        }
    }

    Context 'errors' {
        It 'reports a profile that never appears as WaitTimedOut' {
            Wait-InstanceProfile -Name $name -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id WaitTimedOut -Command Wait-InstanceProfile -Category OperationTimeout -TargetObject $name
            $err[0].Exception.Message | Should -Match '-Timeout'
        }
    }

    Context 'bad input' {
        It 'rejects an invalid name before any request' {
            Assert-NoRequest { Wait-InstanceProfile -Name 'a b' -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command Wait-InstanceProfile
        }

        It 'refuses a timeout out of range' {
            { Wait-InstanceProfile -Name $name -Timeout 0 } | Should -Throw -ErrorId "ParameterArgumentValidationError,$script:Id"
        }
    }

    Context 'stopping' {
        It 'stops a wait at once when the pipeline is stopped (Ctrl+C)' {
            $before = Get-ActionCount GetInstanceProfile
            $run = Start-BackgroundCommand "Wait-InstanceProfile -Name $name -Timeout 120"
            try {
                $null = Wait-Until { (Get-ActionCount GetInstanceProfile) -gt $before }
                $atStop = Get-ActionCount GetInstanceProfile

                # Without cancellation, Stop would return only when the 120 s wait gave up. What shows it is the sandbox:
                # such a wait goes on reading every 50 ms until then, one that stops makes at most the read in flight and
                # one begun as Stop was asked. Only a clock shows a Stop that blocks without reading, hence the hang guard
                # at half the wait's own -Timeout (a hang fails the spec instead of passing it late; no speed is measured).
                Stop-BackgroundCommand $run -TimeoutSeconds 60 | Should -Be 'Stopped'
                (Get-ActionCount GetInstanceProfile) - $atStop | Should -BeLessOrEqual 2 -Because 'a stopped wait reads no more'
                $run.Output | Should -BeNullOrEmpty
            }
            finally {
                $run.Shell.Dispose()
            }
        }
    }

    Context 'eventual consistency' {
        AfterEach {
            Set-SandboxSettings @{ consistency = @{ flappingReads = $false; profilePropagationMs = 0 } }
        }

        It 'outlasts reads that flap while the profile propagates' {
            Set-SandboxSettings @{ consistency = @{ flappingReads = $true; profilePropagationMs = 1000 } }
            $null = New-InstanceProfile -Name $name

            (Wait-InstanceProfile -Name $name -Timeout 30).InstanceProfileName | Should -Be $name
        }
    }
}
