@{
    # The module the build just made: dotnet build InstanceProfileTools.sln lays it out in artifacts/module/.
    RootModule           = 'artifacts/module/InstanceProfileTools.dll'
    # Equal to <Version> in Directory.Build.props; a Pester spec checks that they agree.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d3c1e-8a57-4b7e-9f3a-2c4d5e6f7a81'
    Author               = 'InstanceProfileTools contributors'
    CompanyName          = 'InstanceProfileTools'
    Copyright            = '(c) InstanceProfileTools contributors.'
    Description          = 'AWS IAM instance profiles as pipeline-friendly cmdlets: create, tag, associate, replace and change roles safely under IAM''s eventual consistency.'
    CompatiblePSEditions = @('Core', 'Desktop')
    PowerShellVersion    = '5.1'
    # No FormatsToProcess: the first cmdlet call adds the views (see Output/FormatDataLoader.cs), so import stays cheap.
    CmdletsToExport      = @(
        'New-InstanceProfile'
        'Get-InstanceProfile'
        'Remove-InstanceProfile'
        'Add-ProfileRole'
        'Remove-ProfileRole'
        'Add-InstanceProfileTag'
        'Get-InstanceProfileTag'
        'Remove-InstanceProfileTag'
        'Get-InstanceProfileAssociation'
        'Register-InstanceProfile'
        'Unregister-InstanceProfile'
        'Set-InstanceProfileAssociation'
        'Set-InstanceRole'
        'Undo-InstanceRole'
        'Test-InstanceRole'
        'Get-InstanceRole'
        'Wait-InstanceProfile'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'IAM', 'EC2', 'InstanceProfile', 'IamRole', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/InstanceProfileTools/InstanceProfileTools'
            LicenseUri   = 'https://github.com/InstanceProfileTools/InstanceProfileTools/blob/main/LICENSE'
            # The release script (tools/Build-Release.ps1) replaces this with the version's CHANGELOG.md section.
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
