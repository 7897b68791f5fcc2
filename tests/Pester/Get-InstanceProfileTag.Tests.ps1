Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.GetInstanceProfileTagCommand'
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Get-InstanceProfileTag' {
    BeforeEach {
        Reset-Sandbox
        $null = New-InstanceProfile -Name app -Tag @{ env = 'prod'; team = 'ops'; 'cost-center' = '42' }
    }

    Context 'reading' {
        It 'writes one InstanceProfileTag per tag' {
            $tags = Get-InstanceProfileTag -InstanceProfileName app

            $tags | Should -HaveCount 3
            $tags[0] | Should -BeOfType ([InstanceProfileTools.InstanceProfileTag])
            ($tags | Where-Object Key -EQ 'env').Value | Should -Be 'prod'
            $tags.InstanceProfileName | Sort-Object -Unique | Should -Be 'app'
        }

        It 'filters keys with wildcards' {
            (Get-InstanceProfileTag app -Key 'te*').Key | Should -Be 'team'
        }

        It 'writes nothing for a profile without tags' {
            $null = New-InstanceProfile -Name bare

            Get-InstanceProfileTag bare | Should -BeNullOrEmpty
        }
    }

    Context 'pipeline' {
        It 'reads the tags of every profile piped in' {
            $null = New-InstanceProfile -Name app2 -Tag @{ env = 'dev' }

            (Get-InstanceProfile -Name 'app*' | Get-InstanceProfileTag -Key env).Value | Should -Be @('prod', 'dev')
        }
    }

    Context 'errors' {
        It 'reports a missing profile as InstanceProfileNotFound and goes on' {
            $tags = 'missing', 'app' | Get-InstanceProfileTag -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotFound -Command Get-InstanceProfileTag -Category ObjectNotFound -TargetObject 'missing'
            $tags | Should -HaveCount 3
        }
    }

    Context 'bad input' {
        It 'rejects an invalid name before any request' {
            Assert-NoRequest { Get-InstanceProfileTag 'a*b' -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command Get-InstanceProfileTag
        }

        It 'stops on a malformed -Key pattern before any request' {
            $thrown = Assert-NoRequest { { Get-InstanceProfileTag app -Key 'env', '[team' } | Should -Throw -ErrorId "InvalidTag,$script:Id" -PassThru }

            $thrown.TargetObject | Should -Be '[team'
        }
    }
}
