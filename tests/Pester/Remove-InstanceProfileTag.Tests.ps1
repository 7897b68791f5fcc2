Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Remove-InstanceProfileTag' {
    BeforeEach {
        Reset-Sandbox
        $null = New-InstanceProfile -Name app -Tag @{ env = 'prod'; team = 'ops'; tmp = 'x' }
    }

    Context 'removing' {
        It 'removes the keys given' {
            Remove-InstanceProfileTag -InstanceProfileName app -TagKey env, tmp -Confirm:$false

            (Get-InstanceProfileTag app).Key | Should -Be 'team'
        }

        It 'ignores a key the profile does not have, as IAM does' {
            Remove-InstanceProfileTag app -TagKey absent -Confirm:$false -ErrorVariable err

            $err | Should -BeNullOrEmpty
            Get-InstanceProfileTag app | Should -HaveCount 3
        }
    }

    Context 'pipeline' {
        It 'removes the tags Get-InstanceProfileTag writes' {
            Get-InstanceProfileTag app -Key t* | Remove-InstanceProfileTag -Confirm:$false

            (Get-InstanceProfileTag app).Key | Should -Be 'env'
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            Assert-NoRequest -Mutating { Remove-InstanceProfileTag app env -WhatIf }

        }
    }

    Context 'errors' {
        It 'reports a missing profile as InstanceProfileNotFound' {
            Remove-InstanceProfileTag missing env -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotFound -Command Remove-InstanceProfileTag -TargetObject 'missing'
        }
    }

    Context 'bad input' {
        It 'rejects a reserved key before any request' {
            Assert-NoRequest { Remove-InstanceProfileTag app 'aws:env' -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidTag -Command Remove-InstanceProfileTag -Category InvalidArgument
        }
    }
}
