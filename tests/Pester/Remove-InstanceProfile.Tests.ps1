Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    # Roles and instances cost an AWS CLI call each: made once; every It works on profiles of its own.
    New-TestRole held
    $script:instanceId = New-TestInstance
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Remove-InstanceProfile' {
    BeforeEach {
        $name = New-TestName profile
    }

    Context 'deleting' {
        It 'deletes a profile without a role' {
            $null = New-InstanceProfile -Name $name

            Remove-InstanceProfile -Name $name -Confirm:$false

            Get-InstanceProfile -Name "$name*" | Should -BeNullOrEmpty
        }

        It 'removes the role first with -Force' {
            $null = New-InstanceProfile -Name $name -RoleName held
            $before = Get-ActionCount RemoveRoleFromInstanceProfile

            Remove-InstanceProfile -Name $name -Force -Confirm:$false

            Get-InstanceProfile -Name "$name*" | Should -BeNullOrEmpty
            (Get-ActionCount RemoveRoleFromInstanceProfile) - $before | Should -Be 1
        }
    }

    Context 'pipeline' {
        It 'deletes what Get-InstanceProfile writes' {
            "$name-a", "$name-b", "$name-keep" | New-InstanceProfile | Out-Null

            Get-InstanceProfile -Name "$name-a", "$name-b" | Remove-InstanceProfile -Confirm:$false

            (Get-InstanceProfile -Name "$name-*").InstanceProfileName | Should -Be "$name-keep"
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            $null = New-InstanceProfile -Name $name -RoleName held
            Assert-NoRequest -Mutating { Remove-InstanceProfile -Name $name -Force -WhatIf }

            (Get-InstanceProfile -Name $name).RoleName | Should -Be 'held'
        }
    }

    Context 'guards' {
        It 'refuses a profile that instances use, naming them' {
            $null = New-InstanceProfile -Name $name -RoleName held
            $association = Register-InstanceProfile -InstanceId $script:instanceId -InstanceProfileName $name

            try {
                Remove-InstanceProfile -Name $name -Force -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            }
            finally {
                $null = $association | Unregister-InstanceProfile -Confirm:$false
            }

            Assert-ErrorRecord $err -Id InstanceProfileInUse -Command Remove-InstanceProfile -Category ResourceBusy -TargetObject $name
            $err[0].Exception.Message | Should -Match $script:instanceId
            $err[0].ErrorDetails.RecommendedAction | Should -Match 'Set-InstanceRole'
            (Get-InstanceProfile -Name $name).RoleName | Should -Be 'held'
        }

        It 'refuses a profile that holds a role without -Force, suggesting it' {
            $null = New-InstanceProfile -Name $name -RoleName held

            Remove-InstanceProfile -Name $name -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileHasRole -Command Remove-InstanceProfile -Category InvalidOperation -TargetObject $name
            $err[0].Exception.Message | Should -Match '-Force'
        }
    }

    Context 'errors' {
        It 'reports a missing profile as InstanceProfileNotFound and goes on' {
            $null = New-InstanceProfile -Name $name

            'missing', $name | Remove-InstanceProfile -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotFound -Command Remove-InstanceProfile -TargetObject 'missing'
            Get-InstanceProfile -Name "$name*" | Should -BeNullOrEmpty
        }
    }

    Context 'bad input' {
        It 'rejects an invalid name before any request' {
            Assert-NoRequest { Remove-InstanceProfile -Name 'no/slash' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command Remove-InstanceProfile
        }
    }
}
