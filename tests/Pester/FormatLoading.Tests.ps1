Set-StrictMode -Version Latest

# Import adds no format data (which would make PowerShell build its format database at import); the first cmdlet
# call adds the module's views, in time for its own output. Fresh processes: the session under test has them already.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
}

Describe 'Format data' {
    It 'is not loaded by Import-Module' {
        $lines = Invoke-ChildPwsh "Import-Module '$script:Manifest'; `$null = Get-Command -Module InstanceProfileTools; 'views=' + @(Get-FormatData -TypeName 'InstanceProfileTools.*').Count"

        $lines | Should -Contain 'views=0'
    }

    It 'is loaded by the first cmdlet call, whose own output then shows as the table view' {
        $name = New-TestName 'view'
        $null = New-InstanceProfile -Name $name

        $lines = Invoke-ChildPwsh "Import-Module '$script:Manifest'; Get-InstanceProfile -Name '$name' | Out-String -Width 200; 'views=' + @(Get-FormatData -TypeName 'InstanceProfileTools.*').Count"

        ($lines | Where-Object { $_ -match '^InstanceProfileName\s+' }) | Should -Not -BeNullOrEmpty -Because 'the table view has a header row'
        ($lines -join "`n") | Should -Not -Match 'InstanceProfileArn\s*:' -Because 'a list (no view) would show every property'
        $lines | Should -Contain 'views=7'
    }
}
