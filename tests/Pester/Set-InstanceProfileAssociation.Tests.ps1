Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.SetInstanceProfileAssociationCommand'
    New-TestRole reader, writer
    $null = New-InstanceProfile -Name reader -RoleName reader
    $script:writer = New-InstanceProfile -Name writer -RoleName writer
    $script:instances = [System.Collections.Generic.Queue[string]]::new([string[]](New-TestInstance -Count 12))
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Set-InstanceProfileAssociation' {
    BeforeEach {
        $instanceId = $script:instances.Dequeue()
        $old = Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName reader
    }

    Context 'replacing' {
        It 'replaces by instance id and writes the new association' {
            $new = Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName writer

            $new.AssociationId | Should -Not -Be $old.AssociationId
            $new.InstanceProfileName | Should -Be 'writer'
            $new.State | Should -BeIn 'associating', 'associated'
        }

        It 'replaces by association id with an ARN, and waits with -Wait' {
            Set-SandboxSettings @{ consistency = @{ associatingMs = 300 } }
            try {
                $new = Set-InstanceProfileAssociation -AssociationId $old.AssociationId -InstanceProfileArn $script:writer.Arn -Wait -Timeout 30
            }
            finally {
                Set-SandboxSettings @{ consistency = @{ associatingMs = 0 } }
            }

            $new.State | Should -Be 'associated'
            (Get-InstanceRole -InstanceId $instanceId).RoleName | Should -Be 'writer'
        }

        It 'swaps without disassociating first' {
            $null = Assert-NoRequest -Action DisassociateIamInstanceProfile { Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName writer -Wait }

            (Get-InstanceRole -InstanceId $instanceId).InstanceProfileName | Should -Be 'writer'
        }
    }

    Context 'pipeline' {
        It 'replaces the associations Get-InstanceProfileAssociation writes' {
            $new = Get-InstanceProfileAssociation -InstanceId $instanceId | Set-InstanceProfileAssociation -InstanceProfileName writer

            $new.InstanceId | Should -Be $instanceId
            $new.InstanceProfileName | Should -Be 'writer'
        }

        It 'replaces the piped association only: a stale listing does not replace the instance''s newer one' {
            $stale = Get-InstanceProfileAssociation -InstanceId $instanceId
            $newer = Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName writer

            $stale | Set-InstanceProfileAssociation -InstanceProfileName reader -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id AssociationNotFound -Command Set-InstanceProfileAssociation
            $now = Get-InstanceRole -InstanceId $instanceId
            $now.AssociationId | Should -Be $newer.AssociationId
            $now.InstanceProfileName | Should -Be 'writer'
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            Assert-NoRequest -Mutating { Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName writer -WhatIf }

            (Get-InstanceRole -InstanceId $instanceId).InstanceProfileName | Should -Be 'reader'
        }
    }

    Context 'errors' {
        It 'reports a stopped instance as IncorrectState' {
            Stop-TestInstance $instanceId

            Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName writer -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id IncorrectState -Command Set-InstanceProfileAssociation -Category InvalidOperation
            (Get-InstanceRole -InstanceId $instanceId).InstanceProfileName | Should -Be 'reader'
        }

        It 'reports an instance without a profile as AssociationNotFound' {
            $null = Unregister-InstanceProfile -InstanceId $instanceId -Confirm:$false

            Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName writer -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id AssociationNotFound -Command Set-InstanceProfileAssociation -TargetObject $instanceId
            $err[0].Exception.Message | Should -Match 'Register-InstanceProfile'
        }
    }

    Context 'bad input' {
        It 'stops when neither -InstanceProfileName nor -InstanceProfileArn is given' {
            { Set-InstanceProfileAssociation -InstanceId $instanceId } | Should -Throw -ErrorId "InvalidParameter,$script:Id"
        }

        It 'rejects a malformed instance id before any request' {
            Assert-NoRequest { Set-InstanceProfileAssociation -InstanceId 'i-XYZ' -InstanceProfileName writer -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceId -Command Set-InstanceProfileAssociation
        }
    }

    Context 'eventual consistency' {
        AfterEach {
            Set-SandboxSettings @{ consistency = @{ profilePropagationMs = 0 } }
        }

        It 'replaces with a profile created a moment ago by retrying until EC2 knows it' {
            Set-SandboxSettings @{ consistency = @{ profilePropagationMs = 1500 } }
            $name = New-TestName fresh
            $null = New-InstanceProfile -Name $name -RoleName writer
            $before = Get-ActionCount ReplaceIamInstanceProfileAssociation

            $new = Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName $name -PropagationTimeout 30 -Wait

            $new.InstanceProfileName | Should -Be $name
            (Get-ActionCount ReplaceIamInstanceProfileAssociation) - $before | Should -BeGreaterThan 1
        }
    }
}
