Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Url = Initialize-TestSandbox
    $script:Manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    # Another copy of AWSSDK.Core, as an AWS.Tools module would load it (every 4.x is assembly version 4.0.0.0).
    $script:ForeignSdk = Get-ChildItem (Join-Path $packages 'awssdk.core') -Directory |
        ForEach-Object { Join-Path $_.FullName 'lib/net8.0/AWSSDK.Core.dll' } | Where-Object { Test-Path $_ } | Select-Object -First 1

    # Loads the foreign SDK first, imports the module, makes a call with a credential built on the foreign SDK,
    # then reports, per assembly, its load context and where it came from.
    $script:Probe = @'
$ErrorActionPreference = 'Stop'
$foreign = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath('__SDK__')
$credential = [System.Activator]::CreateInstance($foreign.GetType('Amazon.Runtime.BasicAWSCredentials'), @('test', 'test'))
Import-Module '__MANIFEST__'
$null = Get-InstanceProfile -Name 'nothing-*' -Credential $credential -Region us-east-1 -EndpointUrl '__URL__'
[System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'InstanceProfileTools', 'InstanceProfileTools.Core', 'AWSSDK.Core', 'AWSSDK.EC2' } | ForEach-Object {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_)
    '{0}|{1}|{2}' -f $_.GetName().Name, $context.GetType().FullName, $_.Location
}
'@
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Dependency isolation' {
    Context 'PowerShell 7' {
        BeforeAll {
            $lines = Invoke-ChildPwsh $script:Probe.Replace('__SDK__', $script:ForeignSdk).Replace('__MANIFEST__', $script:Manifest).Replace('__URL__', $script:Url)
            $script:Loaded = $lines | Where-Object { $_ -match '^[^|]+\|[^|]+\|' } | ForEach-Object {
                $name, $context, $location = $_ -split '\|'
                [pscustomobject]@{ Name = $name; Context = $context; Location = $location }
            }
            $script:ModuleDependencies = [System.IO.Path]::GetFullPath((Join-Path (Get-RepoRoot) 'artifacts/module/dependencies'))
        }

        It 'finds another AWSSDK.Core to load first' {
            $script:ForeignSdk | Should -Not -BeNullOrEmpty
        }

        It 'loads the cmdlet assembly into the default context, so its output types resolve everywhere' {
            ($script:Loaded | Where-Object Name -EQ 'InstanceProfileTools').Context | Should -Be 'System.Runtime.Loader.DefaultAssemblyLoadContext'
        }

        It 'loads InstanceProfileTools.Core into the module''s own context, from dependencies/' {
            $core = @($script:Loaded | Where-Object Name -EQ 'InstanceProfileTools.Core')

            $core | Should -HaveCount 1
            $core[0].Context | Should -Be 'InstanceProfileTools.Loading.DependencyLoadContext'
            [System.IO.Path]::GetDirectoryName($core[0].Location) | Should -Be $script:ModuleDependencies
        }

        It 'uses its own AWSSDK.Core beside the one loaded first, which stays in the default context' {
            $sdk = @($script:Loaded | Where-Object Name -EQ 'AWSSDK.Core')

            $sdk | Should -HaveCount 2
            ($sdk | Where-Object Context -EQ 'InstanceProfileTools.Loading.DependencyLoadContext').Location |
                Split-Path -Parent | Should -Be $script:ModuleDependencies
            ($sdk | Where-Object Context -EQ 'System.Runtime.Loader.DefaultAssemblyLoadContext').Location | Should -Be $script:ForeignSdk
        }

        It 'loads AWSSDK.EC2 into the module''s context only' {
            ($script:Loaded | Where-Object Name -EQ 'AWSSDK.EC2').Context | Should -Be 'InstanceProfileTools.Loading.DependencyLoadContext'
        }
    }
}
