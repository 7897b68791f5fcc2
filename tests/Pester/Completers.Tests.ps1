Set-StrictMode -Version Latest

# Tab completion of role names and instance ids, through TabExpansion2 as a user's Tab key calls it. Completions are
# cached per connection for 30 s, so each It that needs fresh answers names a region of its own.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    $commands = Get-Command -Module InstanceProfileTools
    $script:RoleCommands = $commands | Where-Object { $_.Parameters.ContainsKey('RoleName') } | ForEach-Object { @{ Name = $_.Name } }
    $script:InstanceCommands = $commands | Where-Object { $_.Parameters.ContainsKey('InstanceId') } | ForEach-Object { @{ Name = $_.Name } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Url = Get-SandboxUrl
    New-TestRole -RoleName 'app-web', 'app-worker', 'batch'
    $null = New-InstanceProfile -RoleName app-web -Wait
    $script:Instances = @(New-TestInstance -Count 2) | Sort-Object
    $null = Register-InstanceProfile -InstanceId $script:Instances[0] -InstanceProfileName app-web

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }

    function Get-CompletionBesideFile([string] $FileName, [string] $Line) {
        <# Completes in a folder holding a matching file: a completer that throws lets PowerShell offer file names. #>
        $null = New-Item (Join-Path $TestDrive $FileName) -ItemType File -Force
        Push-Location $TestDrive
        try { Get-Completion $Line } finally { Pop-Location }
    }
}

Describe 'Role name completion' {
    It 'completes -RoleName of <Name> from ListRoles by prefix' -ForEach $script:RoleCommands {
        Get-Completion "$Name -EndpointUrl $script:Url -Region us-east-1 -RoleName app-w" | Should -Be @('app-web', 'app-worker')
    }

    It 'matches case-insensitively and trims a typed quote' {
        Get-Completion "Add-ProfileRole -EndpointUrl $script:Url -Region us-east-1 -RoleName 'BAT" | Should -Be @('batch')
    }

    It 'answers from its cache within 30 s instead of calling IAM again' {
        $null = Get-Completion "New-InstanceProfile -EndpointUrl $script:Url -Region eu-west-1 -RoleName a"
        $again = Assert-NoRequest -Action ListRoles { Get-Completion "New-InstanceProfile -EndpointUrl $script:Url -Region eu-west-1 -RoleName b" }

        $again | Should -Be @('batch')
    }

    It 'offers nothing, not even file names, when IAM cannot be reached' {
        $completions = Get-CompletionBesideFile 'app-file.txt' 'New-InstanceProfile -EndpointUrl http://127.0.0.1:1 -RoleName app-'

        $completions | Should -HaveCount 0
    }
}

Describe 'Instance id completion' {
    It 'completes -InstanceId of <Name> from the instances of the region' -ForEach $script:InstanceCommands {
        Get-Completion "$Name -EndpointUrl $script:Url -Region us-east-1 -InstanceId i-" | Should -Be $script:Instances
    }

    It 'narrows by the typed prefix' {
        $id = $script:Instances[1]

        Get-Completion "Get-InstanceRole -EndpointUrl $script:Url -Region us-east-1 -InstanceId $($id.Substring(0, 17))" | Should -Be @($id)
    }

    It 'still offers the associated instances when DescribeInstances is refused' {
        # A region of its own, for a fresh completion cache; EC2 is per region, so its instances are made there.
        $west = @((Invoke-Aws ec2 run-instances --region us-west-2 --image-id ami-12345678 --count 2 --instance-type t3.micro).Instances.InstanceId | Sort-Object)
        $null = Register-InstanceProfile -InstanceId $west[0] -InstanceProfileName app-web -Region us-west-2
        $rule = @{ action = 'DescribeInstances'; count = -1; effect = 'fail'; errorCode = 'UnauthorizedOperation'; status = 403; message = 'You are not authorized to perform this operation.' }
        Set-SandboxSettings @{ faults = @{ rules = @($rule) } }
        try { $completions = Get-Completion "Get-InstanceRole -EndpointUrl $script:Url -Region us-west-2 -InstanceId i-" }
        finally { Set-SandboxSettings @{ faults = @{ rules = @() } } }

        $completions | Should -Be @($west[0])
    }

    It 'offers nothing, not even file names, when EC2 cannot be reached' {
        $completions = Get-CompletionBesideFile 'i-file.txt' 'Get-InstanceRole -EndpointUrl http://127.0.0.1:1 -Region us-east-1 -InstanceId i-'

        $completions | Should -HaveCount 0
    }
}
