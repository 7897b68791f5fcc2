Set-StrictMode -Version Latest

# The estate's credential paths (issue 20.3), against a sandbox of two accounts: an assume-role profile of the
# shared config files (role_arn, source_profile, external_id, role_session_name, duration_seconds) acts in the other
# account through the sandbox's STS; a trust policy that refuses is one clear ErrorRecord; AWS_ENDPOINT_URL_STS reaches
# STS as AWS_ENDPOINT_URL does. Each run is a fresh process: the SDK reads the config files once per process.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'tools/Sandbox.psm1') -Force
    Import-ModuleUnderTest
    $script:Other = '210987654321'
    $script:Sandbox = Start-Sandbox -ArgumentList '--account', "$($script:Other)=AKIDOTHER:other-secret"
    Set-TestAwsEnvironment -EndpointUrl $script:Sandbox.Url
    $env:IPT_POLL_INTERVAL_MS = '50'
    $script:Manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'

    # The other account's roles, profiles and instances, made with its own keys; its operator role trusts the
    # default account only with the external id (the confused-deputy guard AWS documents for third parties).
    $env:AWS_ACCESS_KEY_ID = 'AKIDOTHER'; $env:AWS_SECRET_ACCESS_KEY = 'other-secret'
    $trust = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ AWS = 'arn:aws:iam::123456789012:root' }; Action = 'sts:AssumeRole'; Condition = @{ StringEquals = @{ 'sts:ExternalId' = 'ext-4711' } } }) } | ConvertTo-Json -Depth 6 -Compress
    $null = Invoke-Aws iam create-role --role-name operator --assume-role-policy-document $trust --max-session-duration 7200
    New-TestRole app-old, app-new
    $null = New-InstanceProfile -RoleName app-old -Wait
    $script:Instances = @(New-TestInstance -Count 3 -InstanceProfileName app-old)
    $env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test'

    function script:New-ConfigFiles([string] $ExternalId, [string] $EndpointLines = '') {
        $config = Join-Path $TestDrive "config-$ExternalId"
        $credentials = Join-Path $TestDrive "credentials-$ExternalId"
        Set-Content $config "[profile base]`nregion = us-east-1`n[profile other]`nrole_arn = arn:aws:iam::$($script:Other):role/operator`nsource_profile = base`nexternal_id = $ExternalId`nrole_session_name = rollout-b`nduration_seconds = 5400`nregion = us-east-1$EndpointLines"
        Set-Content $credentials "[base]`naws_access_key_id = test`naws_secret_access_key = test"
        @{ Config = $config; Credentials = $credentials }
    }

    function script:Invoke-AsProfile([hashtable] $Files, [string] $Command, [hashtable] $Environment = @{}) {
        $assignments = ($Environment.GetEnumerator() | ForEach-Object { "`$env:$($_.Key) = '$($_.Value)'" }) -join '; '
        Invoke-ChildPwsh -TimeoutSeconds 120 @"
Import-Module '$($script:Manifest)'
`$env:AWS_CONFIG_FILE = '$($Files.Config)'; `$env:AWS_SHARED_CREDENTIALS_FILE = '$($Files.Credentials)'
Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY
$assignments
$Command
"@
    }
}

AfterAll {
    $script:Sandbox | Stop-Sandbox
}

Describe 'an assume-role profile' {
    It 'acts in the other account with the session name and duration the profile gives' {
        $files = New-ConfigFiles -ExternalId 'ext-4711'

        $output = Invoke-AsProfile $files @"
`$changes = @('$($script:Instances -join "','")' | Set-InstanceRole -AwsProfile other -RoleName app-new -ErrorVariable failed -ErrorAction SilentlyContinue)
"changed=`$(@(`$changes | Where-Object Changed).Count) failed=`$(@(`$failed).Count) arn=`$(`$changes[0].InstanceProfileArn)"
"@

        @($output)[-1] | Should -Be "changed=3 failed=0 arn=arn:aws:iam::$($script:Other):instance-profile/app-new"
        $session = @(Invoke-RestMethod "$($script:Sandbox.Url)/_sandbox/sessions?account=$($script:Other)" | ForEach-Object { $_ } | Where-Object roleName -EQ operator)[-1]
        $session.sessionName | Should -Be 'rollout-b'
        ([datetime] $session.expiration - [datetime]::UtcNow).TotalMinutes | Should -BeGreaterThan 60 -Because 'duration_seconds 5400 outlasts the default hour'
        $env:AWS_ACCESS_KEY_ID = 'AKIDOTHER'; $env:AWS_SECRET_ACCESS_KEY = 'other-secret'
        try { foreach ($id in $script:Instances) { (Get-InstanceRole -InstanceId $id).RoleName | Should -Be 'app-new' } }
        finally { $env:AWS_ACCESS_KEY_ID = 'test'; $env:AWS_SECRET_ACCESS_KEY = 'test' }
        @(Get-InstanceProfile -Name app-new -ErrorAction SilentlyContinue).Count | Should -Be 0 -Because 'the default account was not touched'
    }

    It 'is refused by a trust policy whose external id does not match, as one clear ErrorRecord before any change' {
        $files = New-ConfigFiles -ExternalId 'wrong-id'
        $mutations = (Invoke-RestMethod "$($script:Sandbox.Url)/_sandbox/stats").mutations

        $output = Invoke-AsProfile $files @"
Get-InstanceRole -InstanceId '$($script:Instances[0])' -AwsProfile other -ErrorVariable refused -ErrorAction SilentlyContinue | Out-Null
"count=`$(@(`$refused).Count)"
"id=`$(`$refused[0].FullyQualifiedErrorId)"
"message=`$(`$refused[0].Exception.Message)"
"@

        $output | Should -Contain 'count=1'
        ($output | Where-Object { $_ -like 'id=*' }) | Should -Be 'id=AssumeRoleDenied,InstanceProfileTools.Commands.GetInstanceRoleCommand'
        $message = ($output | Where-Object { $_ -like 'message=*' })
        $message | Should -Match "not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::$($script:Other):role/operator"
        $message | Should -Match 'sts:ExternalId condition must match'
        ($output -join "`n") | Should -Not -Match 'other-secret|aws_secret'
        (Invoke-RestMethod "$($script:Sandbox.Url)/_sandbox/stats").mutations | Should -Be $mutations
    }

    It 'reaches STS at AWS_ENDPOINT_URL_STS when the general endpoint is elsewhere' {
        $files = New-ConfigFiles -ExternalId 'ext-4711'
        $url = $script:Sandbox.Url

        $output = Invoke-AsProfile $files @"
(Get-InstanceRole -InstanceId '$($script:Instances[1])' -AwsProfile other).InstanceProfileArn
"@ -Environment @{ AWS_ENDPOINT_URL = 'http://127.0.0.1:9'; AWS_ENDPOINT_URL_STS = $url; AWS_ENDPOINT_URL_EC2 = $url; AWS_ENDPOINT_URL_IAM = $url }

        @($output)[-1] | Should -BeLike "arn:aws:iam::$($script:Other):instance-profile/app-*" -Because 'the call ran in the other account, through STS at its own endpoint'
    }
}
