Set-StrictMode -Version Latest

BeforeDiscovery {
    $script:Waiting = @('New-InstanceProfile', 'Register-InstanceProfile', 'Set-InstanceProfileAssociation', 'Unregister-InstanceProfile')
    $script:Propagating = @($script:Waiting) + 'Add-ProfileRole'
    $script:ChangingInstances = @('Register-InstanceProfile', 'Set-InstanceProfileAssociation', 'Unregister-InstanceProfile', 'Set-InstanceRole', 'Undo-InstanceRole')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
}

Describe 'the wait parameters' {
    It '<_> takes -PropagationTimeout from 1 to 3600 seconds, 120 by default' -ForEach $script:Propagating {
        $parameter = (Get-Command $_).Parameters['PropagationTimeout']
        $range = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }

        $parameter.ParameterType | Should -Be ([int])
        $range.MinRange | Should -Be 1
        $range.MaxRange | Should -Be 3600
        (Get-Command $_).ImplementingType.GetProperty('PropagationTimeout').DeclaringType.Name | Should -Be 'PropagatingCmdletBase'
        [Activator]::CreateInstance((Get-Command $_).ImplementingType).PropagationTimeout | Should -Be 120
    }

    It '<_> takes -Wait and a -Timeout from 1 to 3600 seconds, 300 by default' -ForEach $script:Waiting {
        $parameters = (Get-Command $_).Parameters
        $range = $parameters['Timeout'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }

        $parameters['Wait'].SwitchParameter | Should -BeTrue
        $range.MinRange | Should -Be 1
        $range.MaxRange | Should -Be 3600
        # Declared once for the IAM cmdlets and once for those that change instances, never by a cmdlet itself.
        (Get-Command $_).ImplementingType.GetProperty('Timeout').DeclaringType.Name | Should -BeIn 'WaitingCmdletBase', 'InstanceChangeCmdletBase'
        [Activator]::CreateInstance((Get-Command $_).ImplementingType).Timeout | Should -Be 300
    }

    It '<_> takes -JournalPath and -MaxRequestRate as every cmdlet that changes instances does: from one base' -ForEach $script:ChangingInstances {
        $type = (Get-Command $_).ImplementingType

        $type.GetProperty('MaxRequestRate').DeclaringType.Name | Should -Be 'InstanceChangeCmdletBase'
        $type.GetProperty('JournalPath').GetGetMethod().GetBaseDefinition().DeclaringType.Name | Should -Be 'InstanceChangeCmdletBase'
    }

    It 'has no -JournalPath or -MaxRequestRate on <_>, which changes no instance' -ForEach @('New-InstanceProfile', 'Add-ProfileRole', 'Remove-InstanceProfile', 'Get-InstanceRole') {
        (Get-Command $_).Parameters.Keys | Should -Not -Contain 'JournalPath'
        (Get-Command $_).Parameters.Keys | Should -Not -Contain 'MaxRequestRate'
    }

    It 'makes -JournalPath mandatory on Undo-InstanceRole alone, where it names the journal to undo' {
        (Get-Command Undo-InstanceRole).Parameters['JournalPath'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -BeTrue
        (Get-Command Set-InstanceRole).Parameters['JournalPath'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -BeFalse
    }

    It 'leaves Add-ProfileRole without -Wait and -Timeout, which it does not use' {
        (Get-Command Add-ProfileRole).Parameters.Keys | Should -Not -Contain 'Wait'
        (Get-Command Add-ProfileRole).Parameters.Keys | Should -Not -Contain 'Timeout'
    }

    It 'rejects a -Timeout of <_> before any call' -ForEach @(0, 3601) {
        { New-InstanceProfile -Name never -Timeout $_ -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError,InstanceProfileTools.Commands.NewInstanceProfileCommand'
    }
}
