Set-StrictMode -Version Latest

BeforeDiscovery {
    # Discovery runs before BeforeAll: import here only to learn the cmdlet names that build the cases.
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $script:Commands = (Get-Module InstanceProfileTools).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Help' {
    Context '<Name>' -ForEach $script:Commands {
        BeforeAll {
            $help = Get-Help $Name -Full
            $command = Get-Command $Name
        }

        It 'has a synopsis of its own, not the generated syntax' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -BeLike "$Name *"
        }

        It 'has a description' {
            ($help.description.Text -join ' ') | Should -Match '\w{3,}'
        }

        It 'has examples, each with code, at least one explained' {
            $examples = @($help.examples.example)

            $examples.Count | Should -BeGreaterThan 0
            $examples | ForEach-Object { $_.code | Should -Match "$Name|\|" }
            $explained = $examples | Where-Object { ($_.remarks | Out-String) -match '\w{3,}' }
            @($explained).Count | Should -BeGreaterThan 0
        }

        It 'documents every parameter, and none that does not exist' {
            $documented = @($help.parameters.parameter | Where-Object { $_ })
            $actual = $command.Parameters.Keys | Where-Object { $_ -notin $script:Common }

            foreach ($parameterName in $actual) {
                $entry = $documented | Where-Object name -EQ $parameterName
                $entry | Should -Not -BeNullOrEmpty -Because "-$parameterName must be documented"
                ($entry.description.Text -join ' ') | Should -Match '\w{3,}' -Because "-$parameterName needs a description"
            }
            $documented.name | ForEach-Object { $_ | Should -BeIn $command.Parameters.Keys }
        }
    }

    Context 'about topic' {
        It 'has about_InstanceProfileTools' {
            (Get-Help about_InstanceProfileTools | Out-String) | Should -Match 'Set-InstanceRole'
        }
    }
}
