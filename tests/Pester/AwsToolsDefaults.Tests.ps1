Set-StrictMode -Version Latest

# AWS.Tools habits (issue 20.6): the aliases of -ProfileName, -ProfileLocation, and the shell defaults that
# Set-AWSCredential and Set-DefaultAWSRegion leave in $StoredAWSCredentials and $StoredAWSRegion.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    New-TestRole tools-role
    $null = New-InstanceProfile -RoleName tools-role -Wait
    $script:Instance = New-TestInstance -InstanceProfileName tools-role
    # Shaped like AWS.Tools': an AWSPSCredentials whose Credentials property is not public, holding an SDK-like
    # credentials object of another assembly (EVIDENCE row 32).
    if (-not ('IptSpec.AwsTools.AWSPSCredentials' -as [type])) {
        Add-Type -TypeDefinition @'
namespace IptSpec.AwsTools {
    public sealed class Keys { public string AccessKey { get; set; } public string SecretKey { get; set; } public string Token { get; set; } }
    public sealed class SdkCredentials {
        private readonly Keys _keys;
        public SdkCredentials(string accessKey, string secretKey) { _keys = new Keys { AccessKey = accessKey, SecretKey = secretKey }; }
        public Keys GetCredentials() { return _keys; }
    }
    public sealed class AWSPSCredentials {
        public AWSPSCredentials(SdkCredentials credentials) { Credentials = credentials; }
        internal SdkCredentials Credentials { get; private set; }
        public string Name { get { return "stored"; } }
    }
}
'@
    }
}

AfterAll {
    Stop-TestSandbox
}

Describe 'AWS.Tools habits' {
    AfterEach {
        Remove-Variable StoredAWSCredentials, StoredAWSRegion -Scope Global -ErrorAction SilentlyContinue
        Set-TestAwsEnvironment -EndpointUrl (Get-SandboxUrl)
    }

    It 'takes -<Alias> for -AwsProfile, from the credentials file -ProfileLocation names' -ForEach @(@{ Alias = 'AWSProfileName' }, @{ Alias = 'StoredCredentials' }) {
        $file = Join-Path $TestDrive "credentials-$Alias"
        Set-Content $file "[tools]`naws_access_key_id = test`naws_secret_access_key = test"
        Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY
        $parameters = @{ $Alias = 'tools'; ProfileLocation = $file }

        (Get-InstanceProfile -Name tools-role @parameters).InstanceProfileName | Should -Be 'tools-role'
    }

    It 'signs with $StoredAWSCredentials before the environment, and -Credential before both' {
        $env:AWS_ACCESS_KEY_ID = 'AKIDNOTKNOWN'
        { Get-InstanceProfile -Name tools-role -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,*'

        $global:StoredAWSCredentials = [IptSpec.AwsTools.AWSPSCredentials]::new([IptSpec.AwsTools.SdkCredentials]::new('test', 'test'))

        (Get-InstanceProfile -Name tools-role).InstanceProfileName | Should -Be 'tools-role'
        $wrong = [pscredential]::new('AKIDNOTKNOWN', (ConvertTo-SecureString 'nope' -AsPlainText -Force))
        { Get-InstanceProfile -Name tools-role -Credential $wrong -ErrorAction Stop } | Should -Throw -ErrorId 'AuthenticationFailed,*'
    }

    It 'calls EC2 in $StoredAWSRegion before AWS_REGION, and in -Region before both' {
        $global:StoredAWSRegion = 'eu-west-1'

        # EC2 is per region: the instance, launched in us-east-1, is unknown in eu-west-1.
        { Get-InstanceRole -InstanceId $script:Instance -ErrorAction Stop } | Should -Throw -ErrorId 'InstanceNotFound,*'
        (Get-InstanceRole -InstanceId $script:Instance -Region us-east-1).RoleName | Should -Be 'tools-role'
    }
}
