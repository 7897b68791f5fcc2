Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    New-TestRole app-role
    $null = New-InstanceProfile -Name app -RoleName app-role
    $null = New-InstanceProfile -Name app-next -RoleName app-role
    $script:instances = [System.Collections.Generic.Queue[string]]::new([string[]](New-TestInstance -Count 10))
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Unregister-InstanceProfile' {
    BeforeEach {
        $instanceId = $script:instances.Dequeue()
        $association = Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName app
    }

    Context 'disassociating' {
        It 'disassociates by instance id and writes the ended association' {
            $ended = Unregister-InstanceProfile -InstanceId $instanceId -Confirm:$false

            $ended.AssociationId | Should -Be $association.AssociationId
            $ended.State | Should -BeIn 'disassociating', 'disassociated'
            Get-InstanceProfileAssociation -InstanceId $instanceId -State associating, associated | Should -BeNullOrEmpty
        }

        It 'waits with -Wait until EC2 lists the association disassociated' {
            Set-SandboxSettings @{ consistency = @{ disassociatingMs = 300 } }
            try {
                $ended = Unregister-InstanceProfile -InstanceId $instanceId -Wait -Confirm:$false
            }
            finally {
                Set-SandboxSettings @{ consistency = @{ disassociatingMs = 0 } }
            }

            # The sandbox answers the call itself with disassociating for 300 ms: only the wait reads disassociated.
            $ended.State | Should -Be 'disassociated'
        }

        It 'disassociates by association id' {
            $null = Unregister-InstanceProfile -AssociationId $association.AssociationId -Confirm:$false

            (Get-InstanceRole -InstanceId $instanceId).InstanceProfileName | Should -BeNullOrEmpty
        }
    }

    Context 'pipeline' {
        It 'ends the associations Get-InstanceProfileAssociation writes' {
            $ended = Get-InstanceProfileAssociation -InstanceId $instanceId | Unregister-InstanceProfile -Confirm:$false

            $ended.InstanceId | Should -Be $instanceId
        }

        It 'ends the piped association only: a stale listing does not end the instance''s newer one' {
            $stale = Get-InstanceProfileAssociation -InstanceId $instanceId
            $newer = Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName app-next

            $stale | Unregister-InstanceProfile -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id AssociationNotFound -Command Unregister-InstanceProfile
            (Get-InstanceRole -InstanceId $instanceId).AssociationId | Should -Be $newer.AssociationId
        }

        It 'takes instance ids as strings' {
            $null = $instanceId | Unregister-InstanceProfile -Confirm:$false

            (Get-InstanceRole -InstanceId $instanceId).AssociationId | Should -BeNullOrEmpty
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request and keeps the association' {
            Assert-NoRequest -Mutating { Unregister-InstanceProfile -InstanceId $instanceId -WhatIf }

            (Get-InstanceRole -InstanceId $instanceId).AssociationId | Should -Be $association.AssociationId
        }
    }

    Context 'errors' {
        It 'reports an instance without a profile as AssociationNotFound' {
            $null = Unregister-InstanceProfile -InstanceId $instanceId -Confirm:$false

            Unregister-InstanceProfile -InstanceId $instanceId -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id AssociationNotFound -Command Unregister-InstanceProfile -Category ObjectNotFound -TargetObject $instanceId
        }

        It 'reports an unknown association as AssociationNotFound' {
            Unregister-InstanceProfile -AssociationId iip-assoc-0000000aaaaaaaaaa -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id AssociationNotFound -Command Unregister-InstanceProfile -TargetObject 'iip-assoc-0000000aaaaaaaaaa'
        }
    }

    Context 'bad input' {
        It 'rejects a malformed association id before any request' {
            Assert-NoRequest { Unregister-InstanceProfile -AssociationId $instanceId -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidAssociationId -Command Unregister-InstanceProfile
            $err[0].Exception.Message | Should -Match "'iip-assoc-' followed by 17"
        }
    }
}
