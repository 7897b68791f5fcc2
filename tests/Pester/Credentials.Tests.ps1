Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Url = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.GetInstanceProfileCommand'
    $null = New-InstanceProfile -Name known

    # Every spec here chooses its own credentials and endpoint: the ambient ones are put back afterwards.
    $script:Ambient = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_STS',
        'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION') {
        $script:Ambient[$name] = [Environment]::GetEnvironmentVariable($name)
    }

    function script:Clear-AwsEnvironment {
        foreach ($name in $script:Ambient.Keys) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
        # No shared files either: the chain must not find the machine's own.
        $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'no-credentials'
    }

    function script:New-Credential([string] $AccessKey, [string] $Secret) {
        [pscredential]::new($AccessKey, (ConvertTo-SecureString $Secret -AsPlainText -Force))
    }
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Connection parameters' {
    AfterEach {
        foreach ($entry in $script:Ambient.GetEnumerator()) {
            if ($null -eq $entry.Value) { Remove-Item "Env:$($entry.Key)" -ErrorAction SilentlyContinue }
            else { Set-Item "Env:$($entry.Key)" $entry.Value }
        }
    }

    Context '-Credential' {
        It 'signs with a PSCredential: user name = access key id, password = secret' {
            Clear-AwsEnvironment

            $found = Get-InstanceProfile -Name known -Credential (New-Credential test test) -Region us-east-1 -EndpointUrl $script:Url

            $found.InstanceProfileName | Should -Be 'known'
        }

        It 'signs with any object whose GetCredentials() answers AccessKey and SecretKey (an AWS.Tools credential)' {
            Clear-AwsEnvironment
            # A compiled type, as AWS.Tools' are: Core asks it for keys on every signing.
            if (-not ('CredentialSpec.ForeignCredentials' -as [type])) {
                Add-Type -TypeDefinition @'
namespace CredentialSpec {
    public sealed class ForeignKeys { public string AccessKey => "test"; public string SecretKey => "test"; public string Token => null; }
    public sealed class ForeignCredentials { public ForeignKeys GetCredentials() => new ForeignKeys(); }
}
'@
            }
            $foreign = [CredentialSpec.ForeignCredentials]::new()

            (Get-InstanceProfile -Name known -Credential $foreign -Region us-east-1 -EndpointUrl $script:Url).InstanceProfileName | Should -Be 'known'
        }

        It 'signs with a PowerShell class whose GetCredentials() answers the keys, without waiting on the busy runspace' {
            # A fresh process: were the class asked from a worker thread, the command would hang, and the deadline says so.
            $manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
            $script = @"
Import-Module '$manifest'
class SpecKeys { [string] `$AccessKey = 'test'; [string] `$SecretKey = 'test'; [string] `$Token = `$null }
class SpecCredentials { [object] GetCredentials() { return [SpecKeys]::new() } }
(Get-InstanceProfile -Name known -Credential ([SpecCredentials]::new()) -Region us-east-1 -EndpointUrl '$script:Url' -ErrorAction Stop).InstanceProfileName
"@

            Invoke-ChildPwsh $script -TimeoutSeconds 60 | Should -Be 'known'
        }

        It 'stops with NoCredentials and the reason when a PowerShell class fails to answer the keys' {
            $sealed = Invoke-Expression 'class SealedSpecCredentials { [object] GetCredentials() { throw "the vault is sealed" } }; [SealedSpecCredentials]::new()'
            $thrown = Assert-NoRequest { { Get-InstanceProfile -Name known -Credential $sealed -EndpointUrl $script:Url } | Should -Throw -ErrorId "NoCredentials,$script:Id" -PassThru }

            $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $thrown.Exception.Message | Should -BeLike '*the vault is sealed*'
        }

        It 'stops with NoCredentials before any request when a PowerShell class answers no keys' {
            $empty = Invoke-Expression 'class EmptySpecCredentials { [object] GetCredentials() { return [pscustomobject]@{ AccessKey = ""; SecretKey = "" } } }; [EmptySpecCredentials]::new()'
            $thrown = Assert-NoRequest { { Get-InstanceProfile -Name known -Credential $empty -EndpointUrl $script:Url } | Should -Throw -ErrorId "NoCredentials,$script:Id" -PassThru }

            $thrown.Exception.Message | Should -Be 'The -Credential object (EmptySpecCredentials) returned no access key or secret key.'
        }

        It 'reports a wrong secret as AuthenticationFailed' {
            Clear-AwsEnvironment

            Get-InstanceProfile -Name known -Credential (New-Credential test wrong-secret) -Region us-east-1 -EndpointUrl $script:Url -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id AuthenticationFailed -Command Get-InstanceProfile -Category AuthenticationError
        }

        It 'never writes the secret to verbose, debug, warning or error output' {
            Clear-AwsEnvironment
            $secret = 'Sup3rSecretValue/ShouldNeverShow+0123456789'

            $everything = & {
                Get-InstanceProfile -Name known -Credential (New-Credential test $secret) -Region us-east-1 -EndpointUrl $script:Url -Verbose -Debug -ErrorAction Continue
                Register-InstanceProfile -InstanceId i-0000000aaaaaaaaaa -InstanceProfileName known -Credential (New-Credential test $secret) -Region us-east-1 -EndpointUrl $script:Url -Verbose -Debug -ErrorAction Continue
            } *>&1 | ForEach-Object { $_ | Out-String; if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString() } }

            ($everything -join "`n") | Should -Not -BeLike "*$secret*"
            ($everything -join "`n") | Should -BeLike '*SignatureDoesNotMatch*'
        }
    }

    Context '-AwsProfile' {
        # In a fresh process: the AWS SDK reads the shared files' location once per process.
        It 'reads keys and region from the shared files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE' {
            Clear-AwsEnvironment
            $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'config'
            $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'credentials'
            Set-Content $env:AWS_CONFIG_FILE "[profile rehearsal]`nregion = us-east-1`n"
            Set-Content $env:AWS_SHARED_CREDENTIALS_FILE "[rehearsal]`naws_access_key_id = test`naws_secret_access_key = test`n"
            $manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'

            $output = Invoke-ChildPwsh "Import-Module '$manifest'; (Get-InstanceProfile -Name known -AwsProfile rehearsal -EndpointUrl '$script:Url' -ErrorAction Stop).InstanceProfileName"

            $output | Should -Be 'known'
        }

        It 'fails clearly on a profile that does not exist' {
            Clear-AwsEnvironment

            { Get-InstanceProfile -Name known -AwsProfile nowhere -EndpointUrl $script:Url -ErrorAction Stop } | Should -Throw -ExpectedMessage '*nowhere*'
        }
    }

    Context 'regions' {
        It 'stops on a malformed -Region, naming the rule, before any call' {
            Assert-NoRequest -Action ListInstanceProfiles { { Get-InstanceProfile -Region 'not_a region' } | Should -Throw -ErrorId "InvalidParameter,$script:Id" -ExpectedMessage "*'eu-west-1'*" }
        }

        It 'stops on a malformed AWS_REGION, naming the variable' {
            $env:AWS_REGION = 'eu west 1'

            $thrown = { Get-InstanceProfile -Name known } | Should -Throw -ErrorId "InvalidParameter,$script:Id" -PassThru
            $thrown.TargetObject | Should -Be 'eu west 1'
            $thrown.Exception.Message | Should -BeLike '*AWS_REGION*'
        }
    }

    Context 'endpoints' {
        It 'honours -EndpointUrl over the environment' {
            $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'

            (Get-InstanceProfile -Name known -EndpointUrl $script:Url).InstanceProfileName | Should -Be 'known'
        }

        It 'honours AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_EC2 and AWS_ENDPOINT_URL_STS (where the account is read)' {
            $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
            $env:AWS_ENDPOINT_URL_IAM = $script:Url
            $env:AWS_ENDPOINT_URL_EC2 = $script:Url
            $env:AWS_ENDPOINT_URL_STS = $script:Url

            (Get-InstanceProfile -Name known).InstanceProfileName | Should -Be 'known'
            Get-InstanceProfileAssociation | Out-Null
        }

        It 'reports an unreachable endpoint as EndpointUnreachable' {
            Get-InstanceProfile -Name known -EndpointUrl 'http://127.0.0.1:9' -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id EndpointUnreachable -Command Get-InstanceProfile -Category ConnectionError
        }

        It 'stops on an -EndpointUrl that is not an http URL' {
            $thrown = { Get-InstanceProfile -Name known -EndpointUrl 'ftp://x' } | Should -Throw -ErrorId "InvalidParameter,$script:Id" -PassThru
            $thrown.Exception.Message | Should -Be "Endpoint 'ftp://x' is invalid: it must be an absolute http:// or https:// URL, such as 'http://127.0.0.1:4566'."
            $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $thrown.TargetObject | Should -Be 'ftp://x'
        }
    }
}
