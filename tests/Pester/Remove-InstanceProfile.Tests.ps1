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

    Context 'every enabled region' {
        AfterEach {
            Deny-RegionRead $null
        }

        It 'refuses a profile an instance in another region uses, naming region and instance, and deletes nothing' {
            $null = New-InstanceProfile -Name $name -RoleName held
            $west = New-TestInstance -Region eu-west-1 -InstanceProfileName $name
            $url = Get-SandboxUrl
            $environmentUrl = $env:AWS_ENDPOINT_URL
            # The explicit endpoint alone: every region's client must reach it, or the other regions go unread.
            $env:AWS_ENDPOINT_URL = $null
            try {
                $before = Get-SandboxStats
                Remove-InstanceProfile -Name $name -Force -Region us-east-1 -EndpointUrl $url -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            }
            finally {
                $env:AWS_ENDPOINT_URL = $environmentUrl
            }

            Assert-ErrorRecord $err -Id InstanceProfileInUse -Command Remove-InstanceProfile -Category ResourceBusy -TargetObject $name
            $err[0].Exception.Message | Should -Match ([regex]::Escape("$west (eu-west-1)"))
            (Get-ActionCount RemoveRoleFromInstanceProfile) | Should -Be ([int]$before.byAction.PSObject.Properties['RemoveRoleFromInstanceProfile'].Value)
            (Get-ActionCount DeleteInstanceProfile) | Should -Be ([int]$before.byAction.PSObject.Properties['DeleteInstanceProfile'].Value)
            (Get-InstanceProfile -Name $name).RoleName | Should -Be 'held'
        }

        It 'refuses while a region cannot be read, naming it and why, before any change' {
            $null = New-InstanceProfile -Name $name
            Deny-RegionRead eu-west-3

            Assert-NoRequest -Mutating { Remove-InstanceProfile -Name $name -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id RegionUnreadable -Command Remove-InstanceProfile -Category PermissionDenied -TargetObject 'eu-west-3'
            $err[0].Exception.Message | Should -Match 'eu-west-3 \(UnauthorizedOperation'
            $err[0].ErrorDetails.RecommendedAction | Should -Match '-SkipUnreadableRegion'
            (Get-InstanceProfile -Name $name).InstanceProfileName | Should -Be $name
        }

        It 'goes on without an unreadable region with -SkipUnreadableRegion, warning that it did' {
            $null = New-InstanceProfile -Name $name
            Deny-RegionRead eu-west-3

            Remove-InstanceProfile -Name $name -SkipUnreadableRegion -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue

            Get-InstanceProfile -Name "$name*" | Should -BeNullOrEmpty
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -Match 'eu-west-3 \(UnauthorizedOperation'
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
