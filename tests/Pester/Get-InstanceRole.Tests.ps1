Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    New-TestRole app-role
    $script:profile = New-InstanceProfile -Name app -RoleName app-role
    $script:with, $script:without = [string[]](New-TestInstance -Count 2)
    $script:association = Register-InstanceProfile -InstanceId $script:with -InstanceProfileName app
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Get-InstanceRole' {
    Context 'reading' {
        It 'writes the association, profile and role of an instance in one object' {
            $role = Get-InstanceRole -InstanceId $script:with

            $role | Should -BeOfType ([InstanceProfileTools.InstanceRole])
            $role.InstanceId | Should -Be $script:with
            $role.AssociationId | Should -Be $script:association.AssociationId
            $role.State | Should -BeIn 'associating', 'associated'
            $role.InstanceProfileName | Should -Be 'app'
            $role.InstanceProfileArn | Should -Be $script:profile.Arn
            $role.RoleName | Should -Be 'app-role'
            $role.RoleArn | Should -Match ':role/app-role$'
        }

        It 'writes an instance without a profile with only its id' {
            $role = Get-InstanceRole -InstanceId $script:without

            $role.InstanceId | Should -Be $script:without
            $role.AssociationId | Should -BeNullOrEmpty
            $role.RoleName | Should -BeNullOrEmpty
        }
    }

    Context 'pipeline' {
        It 'takes instance ids as strings and objects with InstanceId' {
            $roles = $script:with, [pscustomobject]@{ InstanceId = $script:without } | Get-InstanceRole

            $roles.InstanceId | Should -Be @($script:with, $script:without)
        }
    }

    Context 'errors' {
        It 'reports an unknown instance as InstanceNotFound and goes on' {
            $roles = 'i-0000000aaaaaaaaaa', $script:with | Get-InstanceRole -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceNotFound -Command Get-InstanceRole -Category ObjectNotFound -TargetObject 'i-0000000aaaaaaaaaa'
            $roles.InstanceId | Should -Be $script:with
        }
    }

    Context 'bad input' {
        It 'rejects a malformed instance id before any request' {
            Assert-NoRequest { Get-InstanceRole -InstanceId 'web-1' -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceId -Command Get-InstanceRole
        }
    }
}
