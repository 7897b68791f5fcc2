<#
.SYNOPSIS
    Makes a release: the module folder artifacts/publish/InstanceProfileTools/<version>/, its .nupkg made by
    PSResourceGet, and the sandbox's .NET tool package.
.DESCRIPTION
    Builds the solution in Release (unless -NoBuild, which reuses the module already laid out in artifacts/module/),
    copies the module's files into a versioned folder with a manifest of its own (the root manifest's content, with
    the module's own paths, the version of Directory.Build.props and the version's CHANGELOG.md section as release
    notes), checks it with Test-ModuleManifest, packs it with Compress-PSResource and packs the sandbox with
    `dotnet pack`. Answers the paths it made.
.PARAMETER Version
    Another version than Directory.Build.props' (the install spec builds a newer one to test Update-PSResource).
.PARAMETER OutputPath
    Where the release goes; artifacts/publish by default.
.PARAMETER NoBuild
    Reuse the module in artifacts/module/ and skip the sandbox's tool package.
.EXAMPLE
    dotnet pwsh -NoProfile -File tools/Build-Release.ps1
#>
[CmdletBinding()]
param(
    [string] $Version,
    [string] $OutputPath,
    [switch] $NoBuild
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$name = 'InstanceProfileTools'

function Get-ProjectVersion {
    [xml] $props = Get-Content (Join-Path $root 'Directory.Build.props')
    @($props.Project.PropertyGroup | ForEach-Object { $_.PSObject.Properties['Version'] } | Where-Object { $_ })[0].Value
}

function Get-ReleaseNote([string] $ForVersion) {
    <# The body of CHANGELOG.md's "## [<version>]" section, or a pointer to the file when there is none. #>
    $text = Get-Content (Join-Path $root 'CHANGELOG.md') -Raw
    $pattern = '(?ms)^## \[' + [regex]::Escape($ForVersion) + '\][^\n]*\n(.*?)(?=^## \[|\z)'
    $match = [regex]::Match($text, $pattern)
    if ($match.Success) { $match.Groups[1].Value.Trim() } else { "See CHANGELOG.md for $ForVersion." }
}

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed ($LASTEXITCODE)." }
}

if (-not $Version) { $Version = Get-ProjectVersion }
if (-not $OutputPath) { $OutputPath = Join-Path $root 'artifacts/publish' }
$OutputPath = [System.IO.Path]::GetFullPath($OutputPath)
$layout = Join-Path $root 'artifacts/module'

if (-not $NoBuild) {
    Invoke-Dotnet build (Join-Path $root 'InstanceProfileTools.sln') -c Release -nologo -v q '-clp:ErrorsOnly'
}
if (-not (Test-Path (Join-Path $layout "$name.dll"))) {
    throw "No module in ${layout}: build the solution first, or run without -NoBuild."
}

# The module folder, as Install-PSResource lays it out: <name>/<version>/.
$moduleFolder = Join-Path $OutputPath "$name/$Version"
if (Test-Path $moduleFolder) { Remove-Item $moduleFolder -Recurse -Force }
$null = New-Item $moduleFolder -ItemType Directory -Force
Copy-Item (Join-Path $layout '*') $moduleFolder -Recurse
# The AWS SDK's Apache-2.0 asks that its licence travel with it; THIRD-PARTY-NOTICES.md says what is under which.
Copy-Item (Join-Path $root 'LICENSE'), (Join-Path $root 'CHANGELOG.md'), (Join-Path $root 'THIRD-PARTY-NOTICES.md') $moduleFolder
Copy-Item (Join-Path $root 'licenses') $moduleFolder -Recurse

# Its manifest: the root manifest's content with the module's own paths and this version.
$data = Import-PowerShellDataFile (Join-Path $root "$name.psd1")
$psData = $data.PrivateData.PSData
$manifest = Join-Path $moduleFolder "$name.psd1"
$fields = @{
    Path                 = $manifest
    RootModule           = "$name.dll"
    ModuleVersion        = $Version
    ReleaseNotes         = Get-ReleaseNote $Version
    Tags                 = $psData.Tags
    ProjectUri           = $psData.ProjectUri
    LicenseUri           = $psData.LicenseUri
}
foreach ($key in 'GUID', 'Author', 'CompanyName', 'Copyright', 'Description', 'CompatiblePSEditions', 'PowerShellVersion',
    'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
    $fields[$key] = $data[$key]
}
New-ModuleManifest @fields
# New-ModuleManifest comments out an empty VariablesToExport, which would then mean '*': state it, as the root does.
(Get-Content $manifest -Raw) -replace '(?m)^# (VariablesToExport = @\(\))', '$1' | Set-Content $manifest -Encoding utf8
$null = Test-ModuleManifest -Path $manifest -ErrorAction Stop

# The .nupkg, made by PSResourceGet so that Install-PSResource reads it as it reads the gallery's.
$packages = Join-Path $OutputPath 'packages'
$null = New-Item $packages -ItemType Directory -Force
Remove-Item (Join-Path $packages "$name.$Version.nupkg") -ErrorAction SilentlyContinue
Compress-PSResource -Path $moduleFolder -DestinationPath $packages

$result = [ordered]@{
    Version      = $Version
    ModuleFolder = $moduleFolder
    Manifest     = $manifest
    Package      = Join-Path $packages "$name.$Version.nupkg"
    ToolPackage  = $null
}
if (-not $NoBuild) {
    Invoke-Dotnet pack (Join-Path $root 'src/InstanceProfileTools.Sandbox') -c Release --no-build -nologo -v q -o $packages "-p:Version=$Version"
    $result.ToolPackage = Join-Path $packages "$name.Sandbox.$Version.nupkg"
}
[pscustomobject] $result
