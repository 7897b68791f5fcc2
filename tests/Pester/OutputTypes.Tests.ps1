Set-StrictMode -Version Latest

BeforeDiscovery {
    $script:Commands = @(
        @{ Name = 'New-InstanceProfile'; Type = 'InstanceProfileTools.InstanceProfile' }
        @{ Name = 'Get-InstanceProfile'; Type = 'InstanceProfileTools.InstanceProfile' }
        @{ Name = 'Add-ProfileRole'; Type = 'InstanceProfileTools.InstanceProfile' }
        @{ Name = 'Remove-ProfileRole'; Type = 'InstanceProfileTools.InstanceProfile' }
        @{ Name = 'Wait-InstanceProfile'; Type = 'InstanceProfileTools.InstanceProfile' }
        @{ Name = 'Add-InstanceProfileTag'; Type = 'InstanceProfileTools.InstanceProfileTag' }
        @{ Name = 'Get-InstanceProfileTag'; Type = 'InstanceProfileTools.InstanceProfileTag' }
        @{ Name = 'Get-InstanceProfileAssociation'; Type = 'InstanceProfileTools.InstanceProfileAssociation' }
        @{ Name = 'Register-InstanceProfile'; Type = 'InstanceProfileTools.InstanceProfileAssociation' }
        @{ Name = 'Unregister-InstanceProfile'; Type = 'InstanceProfileTools.InstanceProfileAssociation' }
        @{ Name = 'Set-InstanceProfileAssociation'; Type = 'InstanceProfileTools.InstanceProfileAssociation' }
        @{ Name = 'Get-InstanceRole'; Type = 'InstanceProfileTools.InstanceRole' }
        @{ Name = 'Test-InstanceRole'; Type = 'InstanceProfileTools.RoleChangeFinding' }
    )
    $script:Types = @(
        'InstanceProfileTools.InstanceProfile', 'InstanceProfileTools.InstanceProfileAssociation', 'InstanceProfileTools.InstanceRole',
        'InstanceProfileTools.RoleChange', 'InstanceProfileTools.InstanceProfileTag', 'InstanceProfileTools.InstanceProfileRole',
        'InstanceProfileTools.RoleChangeFinding'
    ) | ForEach-Object { @{ Type = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    [xml] $script:Format = Get-Content (Join-Path (Get-RepoRoot) 'module/InstanceProfileTools.Format.ps1xml')
    # The views arrive with the first cmdlet call (FormatDataLoader): make one, refused before any request.
    Get-InstanceProfile -Name 'bad name' -EndpointUrl 'http://127.0.0.1:1' -Region us-east-1 -ErrorAction SilentlyContinue
}

Describe 'Output types' {
    Context 'declared output' {
        It '<Name> declares [OutputType(<Type>)]' -ForEach $script:Commands {
            (Get-Command $Name).OutputType.Name | Should -Contain $Type
        }
    }

    Context 'types' {
        It '<Type> is a public type of the module assembly, resolvable by name' -ForEach $script:Types {
            $resolved = $Type -as [type]

            $resolved | Should -Not -BeNullOrEmpty
            $resolved.Assembly | Should -Be ([InstanceProfileTools.InstanceProfileCmdletBase].Assembly)
        }

        It '<Type> has a table view keyed by its full name, with at most 6 columns' -ForEach $script:Types {
            $view = @($script:Format.Configuration.ViewDefinitions.View | Where-Object { $_.ViewSelectedBy.TypeName -eq $Type })

            $view | Should -HaveCount 1
            @($view[0].TableControl.TableHeaders.TableColumnHeader).Count | Should -BeLessOrEqual 6
            @($view[0].TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem).Count |
                Should -Be @($view[0].TableControl.TableHeaders.TableColumnHeader).Count
        }

        It 'formats <Type> with its view' -ForEach $script:Types {
            $instance = ($Type -as [type])::new()

            ($instance | Format-Table | Out-String) | Should -Not -BeNullOrEmpty
            (Get-FormatData -TypeName $Type).FormatViewDefinition.Control | Should -BeOfType ([System.Management.Automation.TableControl])
        }
    }

    Context 'pipeline names' {
        It 'InstanceProfile carries the names other cmdlets bind by' {
            $properties = [InstanceProfileTools.InstanceProfile].GetProperties().Name

            'InstanceProfileName', 'InstanceProfileArn', 'RoleName', 'Arn', 'Tags', 'Role' | ForEach-Object { $_ | Should -BeIn $properties }
        }

        It 'InstanceProfileAssociation carries AssociationId, InstanceId and InstanceProfileName' {
            $properties = [InstanceProfileTools.InstanceProfileAssociation].GetProperties().Name

            'AssociationId', 'InstanceId', 'InstanceProfileArn', 'InstanceProfileName', 'State', 'Timestamp' | ForEach-Object { $_ | Should -BeIn $properties }
        }

        It 'RoleChange carries what Set-InstanceRole reports' {
            $properties = [InstanceProfileTools.RoleChange].GetProperties().Name

            'InstanceId', 'Changed', 'Method', 'PreviousInstanceProfileArn', 'PreviousRoleName', 'InstanceProfileArn', 'RoleName',
            'AssociationId', 'State', 'Attempts', 'Duration', 'RolledBack', 'Error' | ForEach-Object { $_ | Should -BeIn $properties }
        }
    }
}
