Set-StrictMode -Version Latest

# The release as a user meets it: tools/Build-Release.ps1 lays out the module already built (-NoBuild) with its own
# manifest and packs it with PSResourceGet; a fresh pwsh whose home and module path are temporary folders
# registers a file repository, installs, imports by name and updates.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Root = Get-RepoRoot
    [xml] $props = Get-Content (Join-Path $script:Root 'Directory.Build.props')
    $script:Version = @($props.Project.PropertyGroup | ForEach-Object { $_.PSObject.Properties['Version'] } | Where-Object { $_ })[0].Value
    $current = [version] $script:Version
    $script:NewerVersion = '{0}.{1}.{2}' -f $current.Major, $current.Minor, ($current.Build + 1)
    $release = Join-Path $script:Root 'tools/Build-Release.ps1'
    $script:Release = & $release -NoBuild -OutputPath (Join-Path $TestDrive 'release')
    $script:Newer = & $release -NoBuild -Version $script:NewerVersion -OutputPath (Join-Path $TestDrive 'newer')
    $script:Data = Import-PowerShellDataFile $script:Release.Manifest
    $null = Initialize-TestSandbox

    function Invoke-UserPwsh {
        <# Runs a script in a pwsh whose home (PSResourceGet's repository store, CurrentUser modules) and module path are temporary. #>
        param([Parameter(Mandatory)][string] $Script)
        $saved = @{ HOME = $env:HOME; PSModulePath = $env:PSModulePath }
        $env:HOME = Join-Path $TestDrive ('home-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item $env:HOME -ItemType Directory
        $env:PSModulePath = (Join-Path $env:HOME '.local/share/powershell/Modules') + [System.IO.Path]::PathSeparator + (Join-Path $PSHOME 'Modules')
        try { Invoke-ChildPwsh -Script "`$ErrorActionPreference = 'Stop'; $Script" -TimeoutSeconds 180 }
        finally {
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue } else { Set-Item "Env:$name" $saved[$name] }
            }
        }
    }

    function New-Repository {
        <# A file repository folder holding the given .nupkg files. #>
        param([string[]] $Package)
        $folder = Join-Path $TestDrive ('repo-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item $folder -ItemType Directory
        Copy-Item $Package $folder
        $folder
    }
}

Describe 'Build-Release.ps1' {
    Context 'the module folder' {
        It 'is InstanceProfileTools/<version>/ with the version of Directory.Build.props' {
            $script:Release.ModuleFolder | Should -Be (Join-Path $TestDrive "release/InstanceProfileTools/$script:Version")
            $script:Data.ModuleVersion | Should -Be $script:Version
        }

        It 'holds the DLL, dependencies, formats, help, about topic, licences, notices and changelog' {
            foreach ($file in 'InstanceProfileTools.dll', 'dependencies/InstanceProfileTools.Core.dll', 'dependencies/AWSSDK.EC2.dll',
                'InstanceProfileTools.Format.ps1xml', 'en-US/InstanceProfileTools.dll-Help.xml', 'en-US/about_InstanceProfileTools.help.txt',
                'LICENSE', 'CHANGELOG.md', 'THIRD-PARTY-NOTICES.md', 'licenses/Apache-2.0.txt') {
                Join-Path $script:Release.ModuleFolder $file | Should -Exist
            }
        }

        It 'has a manifest that passes Test-ModuleManifest and points at its own files' {
            $module = Test-ModuleManifest -Path $script:Release.Manifest -ErrorAction Stop

            $module.Version | Should -Be ([version] $script:Version)
            $script:Data.RootModule | Should -Be 'InstanceProfileTools.dll'
        }

        It 'keeps the root manifest''s identity and explicit exports' {
            $rootData = Import-PowerShellDataFile (Join-Path $script:Root 'InstanceProfileTools.psd1')

            $script:Data.GUID | Should -Be $rootData.GUID
            $script:Data.CmdletsToExport | Sort-Object | Should -Be ($rootData.CmdletsToExport | Sort-Object)
            foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
                $script:Data.ContainsKey($key) | Should -BeTrue -Because "an absent $key means '*'"
                $script:Data[$key] | Should -HaveCount 0
            }
        }

        It 'has gallery metadata: project, licence, release notes from the changelog, edition and platform tags' {
            $psData = $script:Data.PrivateData.PSData

            $psData.ProjectUri | Should -Match '^https://'
            $psData.LicenseUri | Should -Match '^https://.*LICENSE$'
            $psData.ReleaseNotes | Should -Match 'Set-InstanceRole'
            foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') { $psData.Tags | Should -Contain $tag }
        }

        It 'is packed by PSResourceGet as InstanceProfileTools.<version>.nupkg with the manifest inside' {
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $zip = [System.IO.Compression.ZipFile]::OpenRead($script:Release.Package)
            try { $entries = $zip.Entries.FullName } finally { $zip.Dispose() }

            Split-Path $script:Release.Package -Leaf | Should -Be "InstanceProfileTools.$script:Version.nupkg"
            $entries | Should -Contain 'InstanceProfileTools.nuspec'
            $entries | Should -Contain 'InstanceProfileTools.psd1'
            $entries | Should -Contain 'dependencies/AWSSDK.Core.dll'
        }
    }
}

Describe 'Install by name' {
    It 'installs from a file repository, imports by name and works against the sandbox' {
        $repository = New-Repository $script:Release.Package
        $name = New-TestName 'installed'

        $lines = Invoke-UserPwsh @"
if (Get-Module -ListAvailable InstanceProfileTools) { throw 'the module path already holds InstanceProfileTools' }
Register-PSResourceRepository -Name local -Uri '$repository' -Trusted
Install-PSResource InstanceProfileTools -Repository local -Scope CurrentUser
Import-Module InstanceProfileTools
`$module = Get-Module InstanceProfileTools
"version=`$(`$module.Version)"
"base=`$(`$module.ModuleBase)"
"created=`$((New-InstanceProfile -Name '$name').InstanceProfileName)"
"listed=`$((Get-InstanceProfile -Name '$name').InstanceProfileName)"
"examples=`$(@(Get-Command -Module InstanceProfileTools | Where-Object { @((Get-Help `$_.Name).examples.example).Count -gt 0 }).Count)"
"view=`$((Get-FormatData -TypeName InstanceProfileTools.InstanceProfile).FormatViewDefinition.Control.GetType().Name)"
"@

        $lines | Should -Contain "version=$script:Version"
        ($lines | Where-Object { $_ -like 'base=*' }) | Should -BeLike "base=$TestDrive*InstanceProfileTools*$script:Version"
        $lines | Should -Contain "created=$name"
        $lines | Should -Contain "listed=$name"
        $lines | Should -Contain 'view=TableControl'
        $lines | Should -Contain "examples=$($script:Data.CmdletsToExport.Count)" -Because 'every cmdlet''s help, with examples, travels in the package'
    }

    It 'updates to a newer version published to the same repository' {
        $repository = New-Repository $script:Release.Package

        $lines = Invoke-UserPwsh @"
Register-PSResourceRepository -Name local -Uri '$repository' -Trusted
Install-PSResource InstanceProfileTools -Repository local -Scope CurrentUser
Copy-Item '$($script:Newer.Package)' '$repository'
Update-PSResource InstanceProfileTools -Repository local -Scope CurrentUser
Import-Module InstanceProfileTools
"imported=`$((Get-Module InstanceProfileTools).Version)"
"installed=`$((Get-InstalledPSResource InstanceProfileTools -Scope CurrentUser).Version -join ',')"
`$null = Get-InstanceProfile
'listed'
"@

        $lines | Should -Contain "imported=$script:NewerVersion"
        ($lines | Where-Object { $_ -like 'installed=*' }) -replace '^installed=' -split ',' | Sort-Object |
            Should -Be (@($script:Version, $script:NewerVersion) | Sort-Object)
        $lines | Should -Contain 'listed'
    }
}
