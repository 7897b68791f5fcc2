Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.AddInstanceProfileTagCommand'
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Add-InstanceProfileTag' {
    BeforeEach {
        Reset-Sandbox
        $null = New-InstanceProfile -Name app
    }

    Context 'tagging' {
        It 'adds tags from a hashtable' {
            Add-InstanceProfileTag -InstanceProfileName app -Tag @{ env = 'prod'; team = 'ops' }

            (Get-InstanceProfile -Name app).Tags['env'] | Should -Be 'prod'
            (Get-InstanceProfileTag -Name app | Measure-Object).Count | Should -Be 2
        }

        It 'adds tags from Key/Value objects and overwrites an existing key' {
            Add-InstanceProfileTag app @{ env = 'test' }

            Add-InstanceProfileTag app ([pscustomobject]@{ Key = 'env'; Value = 'prod' })

            (Get-InstanceProfile -Name app).Tags['env'] | Should -Be 'prod'
        }

        It 'writes numbers as PowerShell does, whatever the culture: 1.5 stays 1.5' {
            $culture = [cultureinfo]::CurrentCulture
            [cultureinfo]::CurrentCulture = 'de-DE'
            try {
                Add-InstanceProfileTag app @{ weight = 1.5 } -ErrorVariable err -ErrorAction SilentlyContinue
            }
            finally {
                [cultureinfo]::CurrentCulture = $culture
            }

            $err | Should -BeNullOrEmpty
            (Get-InstanceProfile -Name app).Tags['weight'] | Should -Be '1.5'
        }

        It 'writes the tags with -PassThru' {
            $written = Add-InstanceProfileTag app @{ env = 'prod' } -PassThru

            $written | Should -BeOfType ([InstanceProfileTools.InstanceProfileTag])
            $written.InstanceProfileName | Should -Be 'app'
        }
    }

    Context 'pipeline' {
        It 'tags every profile Get-InstanceProfile writes' {
            $null = New-InstanceProfile -Name app2

            Get-InstanceProfile -Name 'app*' | Add-InstanceProfileTag -Tag @{ env = 'prod' }

            (Get-InstanceProfileTag -Name app, app2 -Key env).Value | Should -Be @('prod', 'prod')
        }
    }

    Context '-WhatIf' {
        It 'sends no mutating request' {
            Assert-NoRequest -Mutating { Add-InstanceProfileTag app @{ env = 'prod' } -WhatIf }

        }
    }

    Context 'errors' {
        It 'reports a missing profile as InstanceProfileNotFound' {
            Add-InstanceProfileTag missing @{ env = 'prod' } -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotFound -Command Add-InstanceProfileTag -TargetObject 'missing'
        }
    }

    Context 'bad input' {
        It "stops on <Case> before any request" -ForEach @(
            @{ Case = 'a reserved key'; Tag = @{ 'aws:x' = '1' }; Pattern = 'reserved' }
            @{ Case = 'a key too long'; Tag = @{ ('k' * 129) = '1' }; Pattern = '128' }
            @{ Case = 'a value too long'; Tag = @{ k = ('v' * 257) }; Pattern = '256' }
            @{ Case = 'an object without Key'; Tag = [pscustomobject]@{ Name = 'x' }; Pattern = 'Key and Value' }
        ) {
            Assert-NoRequest { { Add-InstanceProfileTag app $Tag } | Should -Throw -ErrorId "InvalidTag,$script:Id" -ExpectedMessage "*$Pattern*" }

        }

        It 'stops on more than 50 tags' {
            $many = @{}
            1..51 | ForEach-Object { $many["k$_"] = 'v' }

            { Add-InstanceProfileTag app $many } | Should -Throw -ErrorId "InvalidTag,$script:Id" -ExpectedMessage '*1 to 50 tags*'
        }
    }
}
