Set-StrictMode -Version Latest

# The sandbox as a user without the repository gets it: `dotnet pack` of the build already made, a local folder feed,
# `dotnet tool install --tool-path`, and the ipt-sandbox command.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'tools/Sandbox.psm1') -Force
    Import-ModuleUnderTest
    $root = Get-RepoRoot
    [xml] $props = Get-Content (Join-Path $root 'Directory.Build.props')
    $version = @($props.Project.PropertyGroup | ForEach-Object { $_.PSObject.Properties['Version'] } | Where-Object { $_ })[0].Value

    function Invoke-Dotnet {
        $output = & dotnet @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed: $output" }
        $output
    }

    # Pack the configuration the run built (the newest), without building again.
    $built = Get-ChildItem (Join-Path $root 'artifacts/bin/InstanceProfileTools.Sandbox') -Filter 'InstanceProfileTools.Sandbox.dll' -Recurse |
        Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    $configuration = Split-Path (Split-Path $built.FullName -Parent) -Leaf
    $feed = Join-Path $TestDrive 'feed'
    $null = Invoke-Dotnet pack (Join-Path $root 'src/InstanceProfileTools.Sandbox') -c $configuration --no-build -nologo -v q -o $feed
    $toolPath = Join-Path $TestDrive 'tools'
    $null = Invoke-Dotnet tool install InstanceProfileTools.Sandbox --tool-path $toolPath --add-source $feed --version $version
    $script:Command = Join-Path $toolPath $(if ($IsWindows) { 'ipt-sandbox.exe' } else { 'ipt-sandbox' })
}

Describe 'ipt-sandbox' {
    It 'is installed from the folder feed as a command' {
        $script:Command | Should -Exist
    }

    It 'prints "listening on http://127.0.0.1:PORT" first and answers IAM and EC2 there' {
        $sandbox = Start-Sandbox -Executable $script:Command
        try {
            $sandbox.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            $name = New-TestName 'tool'
            $credential = [pscredential]::new('test', (ConvertTo-SecureString 'test' -AsPlainText -Force))

            $created = New-InstanceProfile -Name $name -EndpointUrl $sandbox.Url -Credential $credential -Region us-east-1
            $associations = @(Get-InstanceProfileAssociation -EndpointUrl $sandbox.Url -Credential $credential -Region us-east-1)

            $created.InstanceProfileName | Should -Be $name
            (Get-InstanceProfile -Name $name -EndpointUrl $sandbox.Url -Credential $credential).InstanceProfileName | Should -Be $name
            $associations | Should -HaveCount 0
        }
        finally {
            $sandbox | Stop-Sandbox
        }
    }

    It 'takes the same options as the repository''s sandbox' {
        $help = & $script:Command --help 2>&1

        $LASTEXITCODE | Should -Be 0
        ($help -join "`n") | Should -Match '--port'
        ($help -join "`n") | Should -Match '--state'
    }
}
