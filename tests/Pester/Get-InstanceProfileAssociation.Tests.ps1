Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    New-TestRole app-role
    $null = New-InstanceProfile -Name app -RoleName app-role
    $script:instanceIds = [string[]](New-TestInstance -Count 3)
    $script:associations = $script:instanceIds | Register-InstanceProfile -InstanceProfileName app
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Get-InstanceProfileAssociation' {
    Context 'filters' {
        It 'lists every association without a filter' {
            $all = Get-InstanceProfileAssociation

            $all[0] | Should -BeOfType ([InstanceProfileTools.InstanceProfileAssociation])
            $script:instanceIds | ForEach-Object { $_ | Should -BeIn $all.InstanceId }
        }

        It 'reads the associations of given instances' {
            $found = Get-InstanceProfileAssociation -InstanceId $script:instanceIds[0], $script:instanceIds[1]

            $found.InstanceId | Sort-Object | Should -Be ($script:instanceIds[0..1] | Sort-Object)
            $found.InstanceProfileName | Sort-Object -Unique | Should -Be 'app'
        }

        It 'reads an association by id' {
            $wanted = $script:associations[2]

            (Get-InstanceProfileAssociation -AssociationId $wanted.AssociationId).InstanceId | Should -Be $wanted.InstanceId
        }

        It 'filters by state' {
            Get-InstanceProfileAssociation -InstanceId $script:instanceIds[0] -State disassociating | Should -BeNullOrEmpty
            Get-InstanceProfileAssociation -InstanceId $script:instanceIds[0] -State associated, associating | Should -HaveCount 1
        }
    }

    Context 'pipeline' {
        It 'takes instance ids as strings and objects with InstanceId' {
            $found = $script:instanceIds[0], [pscustomobject]@{ InstanceId = $script:instanceIds[1] } | Get-InstanceProfileAssociation

            $found.InstanceId | Should -Be $script:instanceIds[0..1]
        }
    }

    Context 'batching and streaming' {
        # Pages are read by Core's Paging.Lazily, as Get-InstanceProfile's are; PagingTests and Get-InstanceProfile's
        # spec (two pages of profiles) prove that a page is fetched only when the pipeline wants more.
        It 'reads piped instances together and writes their associations as the read answers' {
            $script:describesAtFirst = $null
            $before = Get-ActionCount DescribeIamInstanceProfileAssociations
            $found = @($script:instanceIds | Get-InstanceProfileAssociation | ForEach-Object {
                if ($null -eq $script:describesAtFirst) { $script:describesAtFirst = (Get-ActionCount DescribeIamInstanceProfileAssociations) - $before }
                $_
            })

            @($found.InstanceId | Sort-Object -Unique) | Should -Be @($script:instanceIds | Sort-Object -Unique)
            $script:describesAtFirst | Should -Be 1
            (Get-ActionCount DescribeIamInstanceProfileAssociations) - $before | Should -Be 1
        }

        It 'reads a piped record that names associations by itself, after the instances piped before it' {
            $association = Get-InstanceProfileAssociation -InstanceId $script:instanceIds[0] | Select-Object -First 1
            $before = Get-ActionCount DescribeIamInstanceProfileAssociations

            $found = @(@([pscustomobject]@{ InstanceId = $script:instanceIds[1] }, $association) | Get-InstanceProfileAssociation)

            $found[0].InstanceId | Should -Be $script:instanceIds[1]
            $found[-1].AssociationId | Should -Be $association.AssociationId
            (Get-ActionCount DescribeIamInstanceProfileAssociations) - $before | Should -Be 2
        }
    }

    Context 'bad input' {
        It 'rejects a malformed instance id before any request' {
            Assert-NoRequest { Get-InstanceProfileAssociation -InstanceId 'i-nope' -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceId -Command Get-InstanceProfileAssociation -TargetObject 'i-nope'
        }

        It 'rejects an unknown state' {
            { Get-InstanceProfileAssociation -State running } | Should -Throw -ErrorId 'ParameterArgumentValidationError,InstanceProfileTools.Commands.GetInstanceProfileAssociationCommand'
        }
    }
}
