Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    # Roles and instances cost an AWS CLI call each: made once; every It works on a profile of its own.
    New-TestRole reader
    $script:instances = [System.Collections.Generic.Queue[string]]::new([string[]](New-TestInstance -Count 2))
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Remove-ProfileRole' {
    BeforeEach {
        $app = New-TestName app
        $null = New-InstanceProfile -Name $app -RoleName reader
    }

    Context 'removing' {
        It 'removes the role' {
            Remove-ProfileRole -InstanceProfileName $app -Confirm:$false

            (Get-InstanceProfile -Name $app).RoleName | Should -BeNullOrEmpty
        }

        It 'writes the emptied profile with -PassThru' {
            $emptied = Remove-ProfileRole $app reader -PassThru -Confirm:$false

            $emptied.InstanceProfileName | Should -Be $app
            $emptied.RoleName | Should -BeNullOrEmpty
        }
    }

    Context 'pipeline' {
        It 'binds InstanceProfileName and RoleName from Get-InstanceProfile' {
            Get-InstanceProfile -Name $app | Remove-ProfileRole -Confirm:$false

            (Get-InstanceProfile -Name $app).RoleName | Should -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            Assert-NoRequest -Mutating { Remove-ProfileRole $app -WhatIf }

        }
    }

    Context 'profiles in use' {
        BeforeEach {
            $instanceId = $script:instances.Dequeue()
            $null = Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName $app
        }

        It 'refuses without -Force, explaining the delay and Set-InstanceRole' {
            Remove-ProfileRole $app -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileInUse -Command Remove-ProfileRole -Category ResourceBusy -TargetObject $app
            $err[0].Exception.Message | Should -Match 'up to an hour'
            $err[0].Exception.Message | Should -Match 'Set-InstanceRole'
            $err[0].Exception.Message | Should -Match $instanceId
            (Get-InstanceProfile -Name $app).RoleName | Should -Be 'reader'
        }

        It 'removes the role with -Force' {
            Remove-ProfileRole $app -Force -Confirm:$false

            (Get-InstanceProfile -Name $app).RoleName | Should -BeNullOrEmpty
        }
    }

    Context 'every enabled region' {
        AfterEach {
            Deny-RegionRead $null
        }

        It 'refuses without -Force a profile an instance in another region uses, naming region and instance' {
            $south = New-TestInstance -Region ap-south-1 -InstanceProfileName $app

            Assert-NoRequest -Action RemoveRoleFromInstanceProfile { Remove-ProfileRole $app -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InstanceProfileInUse -Command Remove-ProfileRole -Category ResourceBusy -TargetObject $app
            $err[0].Exception.Message | Should -Match ([regex]::Escape("$south (ap-south-1)"))
            (Get-InstanceProfile -Name $app).RoleName | Should -Be 'reader'
        }

        It 'refuses while a region cannot be read, and goes on without it with -SkipUnreadableRegion' {
            Deny-RegionRead sa-east-1

            Assert-NoRequest -Mutating { Remove-ProfileRole $app -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue }
            Assert-ErrorRecord $err -Id RegionUnreadable -Command Remove-ProfileRole -Category PermissionDenied -TargetObject 'sa-east-1'

            Remove-ProfileRole $app -SkipUnreadableRegion -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue

            (Get-InstanceProfile -Name $app).RoleName | Should -BeNullOrEmpty
            "$warnings" | Should -Match 'sa-east-1'
        }
    }

    Context 'errors' {
        It 'reports a role the profile does not hold as RoleNotFound' {
            Remove-ProfileRole $app writer -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id RoleNotFound -Command Remove-ProfileRole -TargetObject 'writer'
            $err[0].Exception.Message | Should -Match "holds role 'reader'"
        }

        It 'reports a missing profile as InstanceProfileNotFound' {
            Remove-ProfileRole missing -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotFound -Command Remove-ProfileRole -TargetObject 'missing'
        }
    }

    Context 'bad input' {
        It 'rejects an invalid profile name before any request' {
            Assert-NoRequest { Remove-ProfileRole 'bad name' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command Remove-ProfileRole
        }
    }
}
