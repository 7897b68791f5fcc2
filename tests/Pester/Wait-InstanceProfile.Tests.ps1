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
            $manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
            $shell = [powershell]::Create()
            $null = $shell.AddScript("Import-Module '$manifest'; Wait-InstanceProfile -Name $name -Timeout 120")
            $before = Get-ActionCount GetInstanceProfile
            try {
                $null = $shell.BeginInvoke()
                $null = Wait-Until { (Get-ActionCount GetInstanceProfile) -gt $before }

                $stopping = [System.Diagnostics.Stopwatch]::StartNew()
                $shell.Stop()

                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                # Without cancellation, Stop would return only when the 120 s wait gave up.
                $stopping.Elapsed.TotalSeconds | Should -BeLessThan 60
            }
            finally {
                $shell.Dispose()
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
