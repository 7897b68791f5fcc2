Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.AddProfileRoleCommand'
    # Roles cost an AWS CLI call each: made once; every It works on profiles of its own.
    New-TestRole reader, writer
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Add-ProfileRole' {
    BeforeEach {
        $name = New-TestName app
        $null = New-InstanceProfile -Name $name
    }

    Context 'adding' {
        It 'adds the role and writes the profile holding it' {
            $updated = Add-ProfileRole -InstanceProfileName $name -RoleName reader

            $updated.RoleName | Should -Be 'reader'
            (Get-InstanceProfile -Name $name).Role.RoleName | Should -Be 'reader'
        }

        It 'leaves a profile that already holds the same role as it is' {
            $null = Add-ProfileRole $name reader
            Assert-NoRequest -Mutating { (Add-ProfileRole $name reader).RoleName | Should -Be 'reader' }

        }
    }

    Context 'pipeline' {
        It 'binds InstanceProfileName from Get-InstanceProfile' {
            (Get-InstanceProfile -Name $name | Add-ProfileRole -RoleName reader).RoleName | Should -Be 'reader'
        }

        It 'binds InstanceProfileName and RoleName from each row of Import-Csv' {
            $other = New-TestName app
            $null = New-InstanceProfile -Name $other
            $rows = "InstanceProfileName,RoleName`n$name,reader`n$other,writer" | ConvertFrom-Csv

            $updated = $rows | Add-ProfileRole

            $updated.RoleName | Should -Be 'reader', 'writer'
            (Get-InstanceProfile -Name $other).RoleName | Should -Be 'writer'
        }

        It 'reports a row with an invalid role name before any request and goes on with the others' {
            $other = New-TestName app
            $null = New-InstanceProfile -Name $other
            $rows = "InstanceProfileName,RoleName`n$name,bad/role`n$other,writer" | ConvertFrom-Csv
            $before = Get-ActionCount AddRoleToInstanceProfile

            $updated = $rows | Add-ProfileRole -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InvalidRoleName -Command Add-ProfileRole -TargetObject 'bad/role'
            $updated.InstanceProfileName | Should -Be $other
            (Get-ActionCount AddRoleToInstanceProfile) - $before | Should -Be 1
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            Assert-NoRequest -Mutating { Add-ProfileRole $name reader -WhatIf }

            (Get-InstanceProfile -Name $name).RoleName | Should -BeNullOrEmpty
        }
    }

    Context 'the one-role limit' {
        It 'refuses a second role, explaining the limit and Set-InstanceRole, without calling IAM to add it' {
            $null = Add-ProfileRole $name reader
            Assert-NoRequest -Action AddRoleToInstanceProfile { Add-ProfileRole $name writer -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InstanceProfileHasRole -Command Add-ProfileRole -Category InvalidOperation -TargetObject $name
            $err[0].Exception.Message | Should -Match 'one role'
            $err[0].Exception.Message | Should -Match 'Set-InstanceRole'
            $err[0].ErrorDetails.RecommendedAction | Should -Match 'Set-InstanceRole'
        }
    }

    Context 'errors' {
        It 'reports a missing profile as InstanceProfileNotFound' {
            Add-ProfileRole missing reader -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotFound -Command Add-ProfileRole -Category ObjectNotFound -TargetObject 'missing'
        }

        It 'reports an unknown role as RoleNotFound at once: the trust check reads the role before any change' {
            Add-ProfileRole $name ghost -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id RoleNotFound -Command Add-ProfileRole -TargetObject 'ghost'
            (Get-InstanceProfile -Name $name).RoleName | Should -BeNullOrEmpty
        }

        It 'reports a role that never appears as RoleNotFound after -PropagationTimeout (-SkipTrustCheck: only the add reads it)' {
            Add-ProfileRole $name ghost -SkipTrustCheck -PropagationTimeout 1 -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id RoleNotFound -Command Add-ProfileRole -Category ObjectNotFound -TargetObject 'ghost'
            $err[0].Exception.Message | Should -Match 'PropagationTimeout'
        }
    }

    Context 'bad input' {
        It 'stops on an invalid role name before any request' {
            Assert-NoRequest { { Add-ProfileRole $name ('r' * 65) } | Should -Throw -ErrorId "InvalidRoleName,$script:Id" -ExpectedMessage '*64 characters*' }

        }
    }

    Context 'eventual consistency' {
        AfterEach {
            Set-SandboxSettings @{ consistency = @{ rolePropagationMs = 0 } }
        }

        It 'adds a role created a moment ago by retrying until IAM knows it' {
            Set-SandboxSettings @{ consistency = @{ rolePropagationMs = 1500 } }
            $role = New-TestName role
            New-TestRole $role
            $before = Get-ActionCount AddRoleToInstanceProfile

            (Add-ProfileRole $name $role -PropagationTimeout 30).RoleName | Should -Be $role

            (Get-ActionCount AddRoleToInstanceProfile) - $before | Should -BeGreaterThan 1
        }
    }
}
