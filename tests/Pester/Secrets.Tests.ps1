Set-StrictMode -Version Latest

<#
    Issue 9, point 5: with a canary secret key and session token, no cmdlet's streams (-Verbose -Debug, successes and
    failures), no ErrorRecord as Get-Error, ToString() or its exceptions show it, and no line of the sandbox's --verbose
    log holds either, in plain, URL-encoded or base64 form. Every credential source the module takes is tried.
#>

BeforeDiscovery {
    $sources = 'Environment', 'PSCredential', 'CredentialObject', 'ProfileFile'
    $kinds = 'Success', 'WrongSecret', 'RefusedConnection', 'UnknownName'
    $script:Cases = foreach ($source in $sources) { foreach ($kind in $kinds) { @{ Source = $source; Kind = $kind } } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest
    Import-Module (Join-Path (Get-RepoRoot) 'tools/Sandbox.psm1') -Force

    # Distinctive values, with the characters URL-encoding changes ('/', '+', '='). The wrong secret is a secret too.
    $script:AccessKey = 'AKIDSECRETSSPEC00001'
    $script:Canaries = [ordered]@{
        Secret      = 'kQ9z/CanaryS3cret+Kx7fLw2Rn/Xb4Vt0PmE3+uJ'
        WrongSecret = 'Wr0n/CanaryW4rong+Hh5Jc8Uy/Dq1Ns6Ga9+ZpT'
        Token       = 'IQoJb3JpZ2lu/CanarySess10n+Tok3n/Zt8Kp3Wq+Lm2Yx7Rb=='
    }
    $script:Exported = @((Get-Command -Module InstanceProfileTools -CommandType Cmdlet).Name | Sort-Object)
    $script:Sources = 'Environment', 'PSCredential', 'CredentialObject', 'ProfileFile'
    $script:Kinds = 'Success', 'WrongSecret', 'RefusedConnection', 'UnknownName'

    $script:Ambient = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_EC2',
        'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'IPT_POLL_INTERVAL_MS') {
        $script:Ambient[$name] = [Environment]::GetEnvironmentVariable($name)
    }

    # A sandbox of this spec's own: it knows the canary key, and its --verbose log is kept in a file to read.
    $script:LogPath = Join-Path $TestDrive 'sandbox.log'
    $script:Sandbox = Start-Sandbox -ArgumentList '--verbose', '--credentials', "$($script:AccessKey):$($script:Canaries.Secret)" -LogPath $script:LogPath
    $script:Url = $script:Sandbox.Url
    Set-TestAwsEnvironment -EndpointUrl $script:Url
    $env:IPT_POLL_INTERVAL_MS = '50'
    # Never the machine's own shared files; the profile case writes its own.
    $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'credentials'
    Set-Content $env:AWS_CONFIG_FILE "[profile canary]`nregion = us-east-1`n[profile canary-wrong]`nregion = us-east-1`n"
    Set-Content $env:AWS_SHARED_CREDENTIALS_FILE (@(
            '[canary]', "aws_access_key_id = $($script:AccessKey)", "aws_secret_access_key = $($script:Canaries.Secret)", "aws_session_token = $($script:Canaries.Token)",
            '[canary-wrong]', "aws_access_key_id = $($script:AccessKey)", "aws_secret_access_key = $($script:Canaries.WrongSecret)", "aws_session_token = $($script:Canaries.Token)"
        ) -join "`n")

    # Set up with the sandbox's default key: only the cmdlets under test see the canaries.
    $script:RoleA = New-TestName 'secrets-a'
    $script:RoleB = New-TestName 'secrets-b'
    New-TestRole $script:RoleA, $script:RoleB
    $script:Instances = [System.Collections.Generic.Queue[string]]::new([string[]]@(New-TestInstance -Count 4))

    # A port nothing listens on: bound, read, released.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $script:ClosedPort = $listener.LocalEndpoint.Port
    $listener.Stop()

    # Compiled, as AWS.Tools' AWSCredentials are: Core asks it for its keys, session token included, on every signing.
    $script:CredentialType = @'
namespace SecretsSpec {
    public sealed class Keys {
        public Keys(string accessKey, string secretKey, string token) { AccessKey = accessKey; SecretKey = secretKey; Token = token; }
        public string AccessKey { get; }
        public string SecretKey { get; }
        public string Token { get; }
    }
    public sealed class Credentials {
        private readonly Keys _keys;
        public Credentials(string accessKey, string secretKey, string token) { _keys = new Keys(accessKey, secretKey, token); }
        public Keys GetCredentials() => _keys;
    }
}
'@

    function script:Get-SecretForm {
        <#
            Every form a secret can take in text: itself, URL-encoded in the two usual styles, and base64 (standard and
            URL-safe) of its UTF-8 bytes. Base64 of a longer text holds the secret's own encoding only from a 3-byte
            boundary, so the three alignments are forms of their own, each cut to its whole groups.
        #>
        param([string] $Secret)
        $forms = [ordered]@{
            'plain'                 = $Secret
            'EscapeDataString'      = [uri]::EscapeDataString($Secret)
            'HttpUtility.UrlEncode' = [System.Web.HttpUtility]::UrlEncode($Secret)
            'WebUtility.UrlEncode'  = [System.Net.WebUtility]::UrlEncode($Secret)
        }
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($Secret)
        foreach ($offset in 0..2) {
            $whole = [int][Math]::Floor(($bytes.Length - $offset) / 3) * 3
            $base64 = [Convert]::ToBase64String($bytes, $offset, $whole)
            $forms["base64@$offset"] = $base64
            $forms["base64url@$offset"] = $base64.Replace('+', '-').Replace('/', '_')
        }
        # A message cut short (a 300-character limit, say) may keep only part of a secret.
        for ($start = 0; $start + 16 -le $Secret.Length; $start += 8) {
            $forms["part@$start"] = $Secret.Substring($start, 16)
        }
        $forms
    }

    function script:Find-Canary {
        <# The canaries found in the text, as 'Token as base64@1', each once; also across line breaks a renderer inserted. #>
        param([AllowEmptyString()][string] $Text)
        $joined = $Text -replace '\s+', ''
        foreach ($canary in $script:Canaries.GetEnumerator()) {
            foreach ($form in (Get-SecretForm $canary.Value).GetEnumerator()) {
                if ($Text.IndexOf($form.Value, [StringComparison]::OrdinalIgnoreCase) -ge 0 -or
                    $joined.IndexOf($form.Value, [StringComparison]::OrdinalIgnoreCase) -ge 0) {
                    "$($canary.Key) as $($form.Key)"
                }
            }
        }
    }

    function script:Read-SandboxLog {
        <# The sandbox's log so far, once a marker request sent now has reached it (stderr is copied to the file asynchronously). #>
        $marker = 'SecretsSpecMarker' + [guid]::NewGuid().ToString('n')
        $null = Invoke-WebRequest -Method Post -Uri $script:Url -Body "Action=$marker" -ContentType 'application/x-www-form-urlencoded' -SkipHttpErrorCheck
        $script:LogText = $null
        $null = Wait-Until -TimeoutSeconds 10 -Condition {
            $stream = [System.IO.File]::Open($script:LogPath, 'Open', 'Read', 'ReadWrite')
            try { $script:LogText = [System.IO.StreamReader]::new($stream).ReadToEnd() }
            finally { $stream.Dispose() }
            $script:LogText.Contains($marker)
        }
        $script:LogText
    }

    function script:Get-CaseName {
        <#
            Fresh names for one case: profiles to make, the instance it may change, names nothing has, and journals. A
            success undoes its own Set-InstanceRole; a failure has nothing to undo, so it is given a journal that says
            its instance was changed.
        #>
        param([string] $Kind)
        $names = @{
            Profile = New-TestName 'secrets'; Bare = New-TestName 'secrets-bare'; Other = New-TestName 'secrets-other'
            RoleA = $script:RoleA; RoleB = $script:RoleB
            Instance = if ($Kind -eq 'Success') { $script:Instances.Dequeue() } else { 'i-0badc0ffee0000001' }
            Unknown = New-TestName 'secrets-unknown'
            Journal = Join-Path $TestDrive "$(New-TestName 'journal').jsonl"
        }
        $names.UndoJournal = $names.Journal
        if ($Kind -ne 'Success') {
            $names.UndoJournal = Join-Path $TestDrive "$(New-TestName 'undo').jsonl"
            $arn = 'arn:aws:iam::123456789012:instance-profile/'
            [ordered]@{
                time = '2026-12-03T12:00:00+00:00'; command = 'Set-InstanceRole'; account = '123456789012'; region = 'us-east-1'; instanceId = $names.Instance
                previousInstanceProfileArn = $arn + $names.Unknown; previousRoleName = $names.Unknown; newAssociationId = 'iip-assoc-0badc0ffee0000001'
                newInstanceProfileArn = $arn + $names.Profile; newRoleName = $names.RoleA; method = 'Replace'; outcome = 'Changed'
            } | ConvertTo-Json -Compress | Set-Content $names.UndoJournal
        }
        $names
    }

    function script:Invoke-EverySource {
        <#
            Runs the four cases of each credential source in a PowerShell of its own, the four at once, and answers their
            run summaries by source and case. A fresh process because the AWS SDK reads the shared files' location and
            AWS_MAX_ATTEMPTS once per process, and so that each source's $Error and caches are its own.
        #>
        param([string[]] $Source, [string[]] $Kind)
        $functions = 'Set-CanaryEnvironment', 'Get-ConnectionParameter', 'Invoke-EveryCmdlet', 'Get-ExceptionChain', 'ConvertTo-SpecText', 'Get-RunSummary' |
            ForEach-Object { "function $_ {`n$((Get-Item "Function:$_").ScriptBlock)`n}" }
        $scripts = foreach ($name in $Source) {
            # The canaries reach the child in a file, never on its command line.
            $specPath = Join-Path $TestDrive "$name.json"
            @{
                Source = $name; AccessKey = $script:AccessKey; Canaries = $script:Canaries; ClosedPort = $script:ClosedPort
                CredentialType = $script:CredentialType
                Cases = @(foreach ($case in $Kind) { @{ Kind = $case; Names = Get-CaseName $case } })
            } | ConvertTo-Json -Depth 5 | Set-Content $specPath
            @"
# Before the SDK's first client, which reads it once: one attempt at a closed port shows what a refusal shows, and the
# SDK's backed-off retries only cost time. (The sandbox injects no faults, so no other case needs a retry.)
`$env:AWS_MAX_ATTEMPTS = '1'
Set-StrictMode -Version Latest
Import-Module '$(Join-Path (Get-RepoRoot) 'InstanceProfileTools.psd1')'
$($functions -join "`n")
`$spec = Get-Content -Raw '$specPath' | ConvertFrom-Json
if (`$spec.Source -eq 'CredentialObject') { Add-Type -TypeDefinition `$spec.CredentialType }
`$runs = [ordered]@{ Source = `$spec.Source }
foreach (`$case in `$spec.Cases) {
    `$names = @{}
    foreach (`$property in `$case.Names.PSObject.Properties) { `$names[`$property.Name] = `$property.Value }
    Set-CanaryEnvironment `$spec `$case.Kind
    `$runs[`$case.Kind] = Get-RunSummary (Invoke-EveryCmdlet -Kind `$case.Kind -Names `$names -Connection (Get-ConnectionParameter `$spec `$case.Kind))
}
[pscustomobject]`$runs | ConvertTo-Json -Depth 5 -Compress
"@
        }
        $helpers = Join-Path $PSScriptRoot 'TestHelpers.psm1'
        $answers = $scripts | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:helpers
            try { Invoke-ChildPwsh $_ -TimeoutSeconds 150 | Select-Object -Last 1 }
            catch { "FAILED: $_" }
        }
        $runs = @{}
        foreach ($answer in $answers) {
            if ($answer -like 'FAILED: *') { throw "A child PowerShell failed: $answer" }
            $parsed = $answer | ConvertFrom-Json
            $runs[$parsed.Source] = $parsed
        }
        $runs
    }

    # The functions from here on run in the child PowerShells (see Invoke-EverySource), which have nothing of this file's scope.
    function script:Set-CanaryEnvironment {
        <# The AWS_* variables of one case; only the Environment source has keys there. #>
        param($Spec, [string] $Kind)
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
        if ($Spec.Source -eq 'Environment') {
            $env:AWS_ACCESS_KEY_ID = $Spec.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = if ($Kind -eq 'WrongSecret') { $Spec.Canaries.WrongSecret } else { $Spec.Canaries.Secret }
            $env:AWS_SESSION_TOKEN = $Spec.Canaries.Token
        }
    }

    function script:Get-ConnectionParameter {
        <# The parameters that give one case's credential source, and its closed endpoint for a refused connection. #>
        param($Spec, [string] $Kind)
        $secret = if ($Kind -eq 'WrongSecret') { $Spec.Canaries.WrongSecret } else { $Spec.Canaries.Secret }
        $connection = switch ($Spec.Source) {
            'Environment' { @{} }
            'PSCredential' { @{ Credential = [pscredential]::new($Spec.AccessKey, (ConvertTo-SecureString $secret -AsPlainText -Force)) } }
            'CredentialObject' { @{ Credential = [SecretsSpec.Credentials]::new($Spec.AccessKey, $secret, $Spec.Canaries.Token) } }
            'ProfileFile' { @{ AwsProfile = if ($Kind -eq 'WrongSecret') { 'canary-wrong' } else { 'canary' } } }
        }
        if ($Kind -eq 'RefusedConnection') { $connection.EndpointUrl = "http://127.0.0.1:$($Spec.ClosedPort)" }
        $connection
    }

    function script:Invoke-EveryCmdlet {
        <#
            Runs every cmdlet of the module with -Verbose -Debug and the case's connection parameters, and answers every
            record of every stream, terminating errors and -ErrorVariable's included. A success makes what the next
            command needs; the failures name what is there (a refused connection, a wrong secret) or is not (an unknown name).
        #>
        param([string] $Kind, [hashtable] $Names, [hashtable] $Connection)
        $common = @{ Verbose = $true; Debug = $true; ErrorAction = 'Continue'; WarningAction = 'Continue'; InformationAction = 'Continue'; ErrorVariable = '+caught' }
        $run = $Connection + $common
        $caught = [System.Collections.ArrayList]::new()
        $records = [System.Collections.ArrayList]::new()
        $n = $Names
        $known = $Kind -ne 'UnknownName'
        $profileName = if ($known) { $n.Profile } else { $n.Unknown }
        $commands = @(
            { New-InstanceProfile -Name $(if ($known) { $n.Profile } else { $n.Unknown }) -RoleName $(if ($known) { $n.RoleA } else { $n.Unknown }) -Tag @{ owner = 'spec' } -PropagationTimeout 1 @run }
            { New-InstanceProfile -Name $n.Bare @run }
            { New-InstanceProfile -Name $n.Other -RoleName $n.RoleB @run }
            { Get-InstanceProfile -Name $profileName @run }
            { Add-InstanceProfileTag -Name $profileName -Tag @{ team = 'ops' } @run }
            { Get-InstanceProfileTag -Name $profileName @run }
            { Remove-InstanceProfileTag -Name $profileName -TagKey team -Confirm:$false @run }
            { Add-ProfileRole -InstanceProfileName $(if ($known) { $n.Bare } else { $n.Unknown }) -RoleName $n.RoleB -PropagationTimeout 1 @run }
            { Remove-ProfileRole -InstanceProfileName $(if ($known) { $n.Bare } else { $n.Unknown }) -RoleName $n.RoleB -Confirm:$false @run }
            { Wait-InstanceProfile -Name $profileName -Timeout 1 @run }
            { Register-InstanceProfile -InstanceId $n.Instance -InstanceProfileName $profileName -Wait -Timeout 10 -PropagationTimeout 1 @run }
            # An unknown instance has no associations, as in AWS; an unknown association id is an error.
            { if ($known) { Get-InstanceProfileAssociation -InstanceId $n.Instance @run } else { Get-InstanceProfileAssociation -AssociationId 'iip-assoc-0badc0ffee0000001' @run } }
            { Get-InstanceRole -InstanceId $n.Instance @run }
            { Set-InstanceProfileAssociation -InstanceId $n.Instance -InstanceProfileName $(if ($known) { $n.Other } else { $n.Unknown }) -Wait -Timeout 10 -PropagationTimeout 1 @run }
            { Test-InstanceRole -InstanceId $n.Instance -InstanceProfileName $profileName -PropagationTimeout 1 @run }
            { Set-InstanceRole -InstanceId $n.Instance -InstanceProfileName $profileName -JournalPath $n.Journal -Timeout 10 -PropagationTimeout 1 @run }
            { Undo-InstanceRole -JournalPath $n.UndoJournal -Confirm:$false -Timeout 10 -PropagationTimeout 1 @run }
            { Unregister-InstanceProfile -InstanceId $n.Instance -Confirm:$false @run }
            { Remove-InstanceProfile -Name $(if ($known) { $n.Bare } else { $n.Unknown }) -Force -Confirm:$false @run }
        )
        foreach ($command in $commands) {
            # A terminating error is caught and kept like a written one: both reach the user.
            try { . $command *>&1 | ForEach-Object { $null = $records.Add($_) } }
            catch { $null = $records.Add($_) }
        }
        foreach ($record in $caught) {
            if (-not $records.Contains($record)) { $null = $records.Add($record) }
        }
        # A journal is kept for the next morning: it is checked like the streams.
        foreach ($path in @($n.Journal, $n.UndoJournal) | Select-Object -Unique) {
            if (Test-Path $path) { $null = $records.Add("journal ${path}:`n$(Get-Content -Raw $path)") }
        }
        , $records.ToArray()
    }

    function script:Get-ExceptionChain {
        <# An exception and every exception inside it, an AggregateException's many included. #>
        param([System.Exception] $Exception)
        if (-not $Exception) { return }
        $Exception
        if ($Exception -is [System.AggregateException]) {
            foreach ($inner in $Exception.InnerExceptions) { Get-ExceptionChain $inner }
        }
        else {
            Get-ExceptionChain $Exception.InnerException
        }
    }

    function script:ConvertTo-SpecText {
        <#
            Everything a user, a transcript or a log can show of the records: all of them as the host formats them and as
            lists of all their properties; for the ErrorRecords also ToString(), Get-Error, their ErrorDetails,
            InvocationInfo, targets and script stacks, and each exception inside them by ToString(), all its properties
            and its Data. Each view is made once for all records: the formatter's start-up is most of its cost.
        #>
        param([object[]] $Records)
        $errors = @($Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $exceptions = @($errors | ForEach-Object { Get-ExceptionChain $_.Exception })
        $text = @(
            $Records | Out-String -Width 4096
            $Records | Format-List * -Force | Out-String -Width 4096
            $Records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" }
            if ($errors) {
                $errors | Get-Error | Out-String -Width 4096
                $errors.ErrorDetails | Format-List * -Force | Out-String -Width 4096
                $errors.InvocationInfo | Format-List * -Force | Out-String -Width 4096
                $errors.TargetObject | Format-List * -Force | Out-String -Width 4096
                $exceptions | Format-List * -Force | Out-String -Width 4096
            }
            foreach ($record in $errors) { $record.ToString(); $record.CategoryInfo.ToString(); $record.ScriptStackTrace }
            foreach ($exception in $exceptions) {
                $exception.ToString()
                foreach ($key in $exception.Data.Keys) { "$key = $($exception.Data[$key])" }
            }
        )
        $text -join "`n"
    }

    function script:Get-RunSummary {
        <# What a run shows (as text) and what it did: the error ids and verbose lines, per cmdlet. #>
        param([object[]] $Records)
        $errors = @($Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        [pscustomobject]@{
            Text     = ConvertTo-SpecText $Records
            Errors   = @($errors | ForEach-Object { [pscustomobject]@{ Command = "$($_.InvocationInfo.MyCommand.Name)"; Id = $_.FullyQualifiedErrorId } })
            Verbose  = @($Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            Outputs  = @($Records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] -and $_ -isnot [System.Management.Automation.InformationalRecord] -and $_ -isnot [System.Management.Automation.InformationRecord] }).Count
        }
    }
}

AfterAll {
    foreach ($entry in $script:Ambient.GetEnumerator()) {
        if ($null -eq $entry.Value) { Remove-Item "Env:$($entry.Key)" -ErrorAction SilentlyContinue }
        else { Set-Item "Env:$($entry.Key)" $entry.Value }
    }
    if ($script:Sandbox) { $script:Sandbox | Stop-Sandbox }
}

Describe 'Secrets' {
    Context 'the detector' {
        It 'finds the <Name> in <Form> form wherever it sits in a longer text' -ForEach @(
            foreach ($name in 'Secret', 'WrongSecret', 'Token') {
                @{ Name = $name; Form = 'plain'; Encode = { param($t) $t } }
                @{ Name = $name; Form = 'EscapeDataString'; Encode = { param($t) [uri]::EscapeDataString($t) } }
                @{ Name = $name; Form = 'HttpUtility.UrlEncode'; Encode = { param($t) [System.Web.HttpUtility]::UrlEncode($t) } }
                @{ Name = $name; Form = 'WebUtility.UrlEncode'; Encode = { param($t) [System.Net.WebUtility]::UrlEncode($t) } }
                @{ Name = $name; Form = 'base64'; Encode = { param($t) [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($t)) } }
                @{ Name = $name; Form = 'base64url'; Encode = { param($t) [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($t)).Replace('+', '-').Replace('/', '_') } }
            }
        ) {
            # Prefixes of 0, 1 and 2 bytes put the secret at each base64 alignment.
            foreach ($prefix in '', 'x', 'xy', 'X-Amz-Security-Token=') {
                $text = & $Encode "$prefix$($script:Canaries[$Name]) and more"

                Find-Canary "header: $text; trailer" | Should -Contain "$Name as $(if ($Form -like 'base64*') { $Form + '@' + ((3 - $prefix.Length % 3) % 3) } else { $Form })" -Because "prefix '$prefix'"
            }
        }

        It 'finds a secret cut short, and one a renderer broke across lines' {
            Find-Canary ('message: ' + $script:Canaries.Token.Substring(0, 20) + '...') | Should -Contain 'Token as part@0'
            Find-Canary ($script:Canaries.Secret.Insert(17, "`n    ")) | Should -Contain 'Secret as plain'
        }

        It 'finds nothing in text without a canary: the access key id is not a secret' {
            Find-Canary "Credential=$($script:AccessKey)/20260101/us-east-1/iam/aws4_request, Signature=$('0' * 64)" | Should -BeNullOrEmpty
        }

        It 'renders the parts of an ErrorRecord that Get-Error and ToString() show, inner exceptions included' {
            $inner = [System.InvalidOperationException]::new('inner ' + $script:Canaries.Token)
            $outer = [System.Exception]::new('outer', $inner)
            $outer.Data['where'] = 'data ' + $script:Canaries.WrongSecret
            $record = [System.Management.Automation.ErrorRecord]::new($outer, 'SpecId', 'NotSpecified', 'target')
            $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new('details ' + $script:Canaries.Secret)

            $found = Find-Canary (ConvertTo-SpecText $record)

            $found | Should -Contain 'Token as plain'
            $found | Should -Contain 'WrongSecret as plain'
            $found | Should -Contain 'Secret as plain'
        }
    }

    Context 'every cmdlet with -Verbose -Debug' {
        BeforeAll {
            # The module's cmdlets that Invoke-EveryCmdlet runs (a cmdlet added to the module and not to it is caught below).
            $script:Covered = @((Get-Item Function:Invoke-EveryCmdlet).ScriptBlock.Ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) |
                    ForEach-Object { $_.GetCommandName() } | Where-Object { $_ -in $script:Exported } | Sort-Object -Unique)
            $script:Runs = Invoke-EverySource -Source $script:Sources -Kind $script:Kinds
        }

        It 'runs every cmdlet the module exports' {
            @($script:Exported | Where-Object { $_ -notin $script:Covered }) | Should -BeNullOrEmpty -Because 'each exported cmdlet must be run by Invoke-EveryCmdlet'
        }

        It '<Kind> with the credentials from <Source> shows neither secret nor token' -ForEach $script:Cases {
            $run = $script:Runs[$Source].$Kind

            # The case did what it is named for, so that a clean text means something.
            $commands = @($run.Errors | ForEach-Object Command | Sort-Object -Unique)
            switch ($Kind) {
                'Success' {
                    $run.Errors | Should -BeNullOrEmpty
                    $run.Outputs | Should -BeGreaterThan 10
                    ($run.Verbose -join "`n") | Should -BeLike '*EC2 ReplaceIamInstanceProfileAssociation*'
                    $run.Text | Should -BeLike '*"command":"Undo-InstanceRole"*' -Because 'the journals are part of what is checked'
                }
                'WrongSecret' {
                    $commands | Should -Be $script:Covered
                    $run.Errors.Id | Should -BeLike 'AuthenticationFailed,*'
                }
                'RefusedConnection' {
                    $commands | Should -Be $script:Covered
                    $run.Errors.Id | Should -BeLike 'EndpointUnreachable,*'
                }
                'UnknownName' {
                    $commands | Should -Be $script:Covered
                    $run.Errors.Id | Should -Not -BeLike 'AuthenticationFailed,*'
                    $run.Errors.Id | Should -Not -BeLike 'EndpointUnreachable,*'
                    $run.Errors.Id | Should -Not -BeLike 'UnexpectedError,*'
                }
            }
            Find-Canary $run.Text | Should -BeNullOrEmpty
        }

        It "leaves neither secret nor token in the sandbox's --verbose log of all their requests" {
            $log = Read-SandboxLog

            # Every action the cmdlets call was logged, so that a clean log means something.
            foreach ($action in 'CreateInstanceProfile', 'GetInstanceProfile', 'TagInstanceProfile', 'ListInstanceProfileTags', 'UntagInstanceProfile',
                'AddRoleToInstanceProfile', 'RemoveRoleFromInstanceProfile', 'DeleteInstanceProfile', 'AssociateIamInstanceProfile',
                'DescribeIamInstanceProfileAssociations', 'ReplaceIamInstanceProfileAssociation', 'DisassociateIamInstanceProfile') {
                $log | Should -Match " $action "
            }
            Find-Canary $log | Should -BeNullOrEmpty
        }
    }
}
