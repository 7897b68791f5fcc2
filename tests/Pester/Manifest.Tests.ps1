Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Root = Get-RepoRoot
    $script:ManifestPath = Join-Path $script:Root 'InstanceProfileTools.psd1'
    $script:Contract = @(
        'New-InstanceProfile', 'Get-InstanceProfile', 'Remove-InstanceProfile', 'Add-ProfileRole', 'Remove-ProfileRole',
        'Add-InstanceProfileTag', 'Get-InstanceProfileTag', 'Remove-InstanceProfileTag', 'Get-InstanceProfileAssociation',
        'Register-InstanceProfile', 'Unregister-InstanceProfile', 'Set-InstanceProfileAssociation', 'Set-InstanceRole',
        'Get-InstanceRole', 'Wait-InstanceProfile',
        # Issue 10: the undo of a journaled rollout; issue 21.5: the preflight as objects.
        'Undo-InstanceRole', 'Test-InstanceRole')
    Import-ModuleUnderTest
}

Describe 'InstanceProfileTools.psd1' {
    Context 'the manifest' {
        It 'passes Test-ModuleManifest' {
            { Test-ModuleManifest -Path $script:ManifestPath -ErrorAction Stop } | Should -Not -Throw
        }

        It 'has the version of Directory.Build.props' {
            [xml] $props = Get-Content (Join-Path $script:Root 'Directory.Build.props')
            $version = @($props.Project.PropertyGroup | ForEach-Object { $_.PSObject.Properties['Version'] } | Where-Object { $_ })[0].Value

            (Import-PowerShellDataFile $script:ManifestPath).ModuleVersion | Should -Be $version
        }

        It 'declares both editions and PowerShell 5.1' {
            $data = Import-PowerShellDataFile $script:ManifestPath

            $data.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
            $data.PowerShellVersion | Should -Be '5.1'
        }

        It 'lists every export explicitly, without wildcards' {
            $data = Import-PowerShellDataFile $script:ManifestPath

            $data.CmdletsToExport | Sort-Object | Should -Be ($script:Contract | Sort-Object)
            foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
                $data[$key] | Should -HaveCount 0 -Because "$key must be an explicit empty list"
            }
        }
    }

    Context 'the imported module' {
        It 'loads the module just built from artifacts/module' {
            $module = Get-Module InstanceProfileTools

            $module.ModuleBase | Should -Be $script:Root
            [System.IO.Path]::GetFullPath($module.ImplementingAssembly.Location) | Should -Be ([System.IO.Path]::GetFullPath((Join-Path $script:Root 'artifacts/module/InstanceProfileTools.dll')))
        }

        It 'exports exactly the cmdlets of the contract, all built' {
            $exported = (Get-Module InstanceProfileTools).ExportedCmdlets.Keys | Sort-Object
            $built = [InstanceProfileTools.InstanceProfileCmdletBase].Assembly.GetExportedTypes() |
                Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }

            $exported | Should -Be ($built | Sort-Object)
            $exported | Should -Be ($script:Contract | Sort-Object)
        }
    }
}
