Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.RegisterInstanceProfileCommand'
    # Roles and instances cost an AWS CLI call each: made once, an instance handed to each It that needs one.
    New-TestRole app-role
    $script:profile = (New-InstanceProfile -Name app -RoleName app-role)
    $script:instances = [System.Collections.Generic.Queue[string]]::new([string[]](New-TestInstance -Count 12))
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Register-InstanceProfile' {
    Context 'associating' {
        It 'associates by name and writes the association' {
            $instanceId = $script:instances.Dequeue()

            $association = Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName app

            $association | Should -BeOfType ([InstanceProfileTools.InstanceProfileAssociation])
            $association.InstanceId | Should -Be $instanceId
            $association.AssociationId | Should -Match '^iip-assoc-[0-9a-f]{17}$'
            $association.InstanceProfileArn | Should -Be $script:profile.Arn
            $association.InstanceProfileName | Should -Be 'app'
            $association.State | Should -BeIn 'associating', 'associated'
        }

        It 'associates by ARN' {
            $instanceId = $script:instances.Dequeue()

            (Register-InstanceProfile -InstanceId $instanceId -InstanceProfileArn $script:profile.Arn).InstanceProfileName | Should -Be 'app'
        }

        It 'waits with -Wait until the association is associated' {
            Set-SandboxSettings @{ consistency = @{ associatingMs = 400 } }
            try {
                $association = Register-InstanceProfile -InstanceId $script:instances.Dequeue() -InstanceProfileName app -Wait -Timeout 30
            }
            finally {
                Set-SandboxSettings @{ consistency = @{ associatingMs = 0 } }
            }

            $association.State | Should -Be 'associated'
        }
    }

    Context 'pipeline' {
        It 'takes instance ids as strings and objects with an InstanceId property' {
            $first = $script:instances.Dequeue()
            $second = $script:instances.Dequeue()

            $associations = $first, [pscustomobject]@{ InstanceId = $second } | Register-InstanceProfile -InstanceProfileName app

            $associations.InstanceId | Should -Be @($first, $second)
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            Assert-NoRequest -Mutating { Register-InstanceProfile -InstanceId $script:instances.Peek() -InstanceProfileName app -WhatIf }

        }
    }

    Context 'errors' {
        It 'reports an instance that already has a profile as InstanceAlreadyAssociated' {
            $instanceId = $script:instances.Dequeue()
            $null = Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName app

            Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName app -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceAlreadyAssociated -Command Register-InstanceProfile -Category ResourceExists -TargetObject $instanceId
            $err[0].ErrorDetails.Message | Should -Match '\(EC2 IncorrectState, HTTP 400, request id \S+\)$'
            $err[0].ErrorDetails.Message | Should -BeLike '*replace it with Set-InstanceProfileAssociation, or change its role safely with Set-InstanceRole*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*replace it with Set-InstanceProfileAssociation*'
        }

        It 'reports an unknown instance as InstanceNotFound' {
            Register-InstanceProfile -InstanceId i-0000000aaaaaaaaaa -InstanceProfileName app -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceNotFound -Command Register-InstanceProfile -Category ObjectNotFound -TargetObject 'i-0000000aaaaaaaaaa'
        }

        It 'gives up on a profile EC2 never knows after -PropagationTimeout' {
            Register-InstanceProfile -InstanceId $script:instances.Peek() -InstanceProfileName ghost -PropagationTimeout 1 -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotReady -Command Register-InstanceProfile -Category OperationTimeout
            $err[0].Exception.Message | Should -Match 'PropagationTimeout'
        }
    }

    Context 'bad input' {
        It "rejects instance id '<InstanceId>' before any request" -ForEach @(
            @{ InstanceId = 'i-123' }
            @{ InstanceId = 'I-0123456789ABCDEF0' }
            @{ InstanceId = 'instance' }
        ) {
            Assert-NoRequest { Register-InstanceProfile -InstanceId $InstanceId -InstanceProfileName app -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceId -Command Register-InstanceProfile -Category InvalidArgument -TargetObject $InstanceId
            $err[0].Exception.Message | Should -Match "'i-' followed by 17"
        }

        It 'stops on an invalid ARN before any request' {
            { Register-InstanceProfile -InstanceId $script:instances.Peek() -InstanceProfileArn 'arn:aws:iam::1:role/x' } |
                Should -Throw -ErrorId "InvalidInstanceProfileArn,$script:Id"
        }
    }

    Context 'eventual consistency' {
        AfterEach {
            Set-SandboxSettings @{ consistency = @{ profilePropagationMs = 0 } }
        }

        It 'associates a profile created a moment ago by retrying until EC2 knows it' {
            Set-SandboxSettings @{ consistency = @{ profilePropagationMs = 1500 } }
            $name = New-TestName fresh
            $null = New-InstanceProfile -Name $name -RoleName app-role
            $before = Get-ActionCount AssociateIamInstanceProfile

            $association = Register-InstanceProfile -InstanceId $script:instances.Dequeue() -InstanceProfileName $name -PropagationTimeout 30 -Wait

            $association.State | Should -Be 'associated'
            (Get-ActionCount AssociateIamInstanceProfile) - $before | Should -BeGreaterThan 1
        }
    }
}
