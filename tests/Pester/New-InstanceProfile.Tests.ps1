Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
}

AfterAll {
    Stop-TestSandbox
}

Describe 'New-InstanceProfile' {
    BeforeEach {
        Reset-Sandbox
    }

    Context 'creating a profile' {
        It 'creates a profile with a path and tags and writes it' {
            $created = New-InstanceProfile -Name web -Path /apps/ -Tag @{ team = 'payments'; env = 'prod' }

            $created | Should -BeOfType ([InstanceProfileTools.InstanceProfile])
            $created.InstanceProfileName | Should -Be 'web'
            $created.Path | Should -Be '/apps/'
            $created.Arn | Should -Match ':instance-profile/apps/web$'
            $created.InstanceProfileId | Should -Match '^AIPA'
            $created.RoleName | Should -BeNullOrEmpty
            $created.Tags['team'] | Should -Be 'payments'
            (Get-InstanceProfile -Name web).Tags['env'] | Should -Be 'prod'
        }

        It 'takes tags as Key/Value objects' {
            $null = New-InstanceProfile -Name tagged -Tag ([pscustomobject]@{ Key = 'owner'; Value = 'ops' })

            (Get-InstanceProfileTag -Name tagged).Key | Should -Be 'owner'
        }

        It 'names the profile after the role and adds the role when only -RoleName is given' {
            New-TestRole app-reader

            $created = New-InstanceProfile -RoleName app-reader

            $created.InstanceProfileName | Should -Be 'app-reader'
            $created.RoleName | Should -Be 'app-reader'
            $created.Role.Arn | Should -Match ':role/app-reader$'
        }

        It 'returns with -Wait once reads show the profile with its role' {
            New-TestRole waited

            $created = New-InstanceProfile -Name waited-profile -RoleName waited -Wait -Timeout 30

            $created.RoleName | Should -Be 'waited'
            (Get-SandboxStats).byAction.GetInstanceProfile | Should -BeGreaterOrEqual 3
        }
    }

    Context 'pipeline' {
        It 'binds InstanceProfileName and RoleName by property name' {
            New-TestRole piped-role

            $created = [pscustomobject]@{ InstanceProfileName = 'piped'; RoleName = 'piped-role' } | New-InstanceProfile

            $created.InstanceProfileName | Should -Be 'piped'
            $created.RoleName | Should -Be 'piped-role'
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            Assert-NoRequest -Mutating { New-InstanceProfile -Name never -WhatIf }

            { Get-InstanceProfile -Name never -ErrorAction Stop } | Should -Throw -ErrorId 'InstanceProfileNotFound,InstanceProfileTools.Commands.GetInstanceProfileCommand'
        }
    }

    Context 'errors' {
        It 'reports a profile that already exists as InstanceProfileAlreadyExists' {
            $null = New-InstanceProfile -Name twice

            New-InstanceProfile -Name twice -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileAlreadyExists -Command New-InstanceProfile -Category ResourceExists -TargetObject 'twice'
            $err[0].ErrorDetails.Message | Should -BeLike '*Choose another name, or use the existing profile (Get-InstanceProfile).*'
        }

        It 'reports a role that never appears as RoleNotFound and leaves no profile behind' {
            New-InstanceProfile -Name orphan -RoleName no-such-role -PropagationTimeout 1 -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id RoleNotFound -Command New-InstanceProfile -Category ObjectNotFound -TargetObject 'no-such-role'
            Get-InstanceProfile -Name orphan -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'asks for a name when neither -InstanceProfileName nor -RoleName is given' {
            New-InstanceProfile -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InvalidParameter -Command New-InstanceProfile
            $err[0].Exception.Message | Should -Match '-RoleName'
        }
    }

    Context 'bad input' {
        It "rejects name '<Name>' naming the constraint, before any request" -ForEach @(
            @{ Name = 'has space' }
            @{ Name = 'x' * 129 }
            @{ Name = 'émoji' }
        ) {
            Assert-NoRequest { New-InstanceProfile -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command New-InstanceProfile -Category InvalidArgument -TargetObject $Name
            $err[0].Exception.Message | Should -Match '128 characters'
        }

        It "rejects path '<Path>'" -ForEach @(
            @{ Path = 'apps' }
            @{ Path = '/apps' }
            @{ Path = '/a b/' }
        ) {
            New-InstanceProfile -Name p -Path $Path -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InvalidPath -Command New-InstanceProfile
            $err[0].Exception.Message | Should -Match "begin and end with '/'"
        }

        It 'rejects a reserved tag key' {
            New-InstanceProfile -Name p -Tag @{ 'aws:owner' = 'x' } -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InvalidTag -Command New-InstanceProfile
            $err[0].Exception.Message | Should -Match 'reserved'
        }
    }

    Context 'eventual consistency' {
        It 'adds a role that IAM does not know yet by retrying until it propagates' {
            Set-SandboxSettings @{ consistency = @{ rolePropagationMs = 1500 } }
            New-TestRole fresh-role

            $created = New-InstanceProfile -RoleName fresh-role -PropagationTimeout 30

            $created.RoleName | Should -Be 'fresh-role'
            (Get-SandboxStats).byAction.AddRoleToInstanceProfile | Should -BeGreaterThan 1
        }
    }
}
