Set-StrictMode -Version Latest

# Credentials that expire under a long run (issue 18.6): an assume-role profile, resolved through the sandbox's STS,
# whose session the sandbox expires between two waves; the next wave refreshes it and no instance fails.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Url = Initialize-TestSandbox
    New-TestRole session-old, session-new
    $null = New-InstanceProfile -RoleName session-old -Wait
    $null = New-InstanceProfile -RoleName session-new -Wait
    $script:NewArn = (Get-InstanceProfile -Name session-new).Arn
    $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}'
    $null = Invoke-Aws iam create-role --role-name session-operator --assume-role-policy-document $trust
}

AfterAll {
    Stop-TestSandbox
}

Describe 'an assume-role profile over a long run' {
    It 'refreshes a session expired between waves, and fails no instance' {
        $config = Join-Path $TestDrive 'config'
        $credentials = Join-Path $TestDrive 'credentials'
        Set-Content $config "[profile base]`nregion = us-east-1`n[profile operator]`nrole_arn = arn:aws:iam::123456789012:role/session-operator`nsource_profile = base`nrole_session_name = rollout`nregion = us-east-1"
        Set-Content $credentials "[base]`naws_access_key_id = test`naws_secret_access_key = test"
        $instances = @(New-TestInstance -Count 4 -InstanceProfileName session-old)

        # A fresh process: the SDK reads the config file's location once per process.
        $manifest = Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1'
        $output = Invoke-ChildPwsh -TimeoutSeconds 180 @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
`$env:AWS_CONFIG_FILE = '$config'; `$env:AWS_SHARED_CREDENTIALS_FILE = '$credentials'
Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY
`$expire = { param(`$Changes) `$null = Invoke-RestMethod -Method Post -Uri '$script:Url/_sandbox/sessions/expire' -ContentType 'application/json'; `$true }
`$changes = @('$($instances -join "','")' | Set-InstanceRole -AwsProfile operator -RoleName session-new -Canary 1 -HealthCheck `$expire -ErrorVariable failed -ErrorAction SilentlyContinue)
"changed=`$(@(`$changes | Where-Object Changed).Count) failed=`$(`$failed.Count)"
"@
        @($output)[-1] | Should -Be 'changed=4 failed=0'
        foreach ($id in $instances) { Get-EffectiveArn $id | Should -Be $script:NewArn }
        $sessions = @(Invoke-RestMethod "$script:Url/_sandbox/sessions" | ForEach-Object { $_ } | Where-Object roleName -EQ 'session-operator')
        $sessions.Count | Should -BeGreaterOrEqual 2 -Because 'the expired session was replaced by a fresh one'
        @($sessions | Where-Object expired).Count | Should -BeGreaterOrEqual 1
    }
}
