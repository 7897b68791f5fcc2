<#
    Shared set-up for the Pester specs: the module from the repository's root manifest, a sandbox to talk to
    (the run's, from IPT_SANDBOX_URL, or one started here), the sandbox's admin API, and roles and instances
    made with the AWS CLI, a client independent of the module.
#>
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:OwnSandbox = $null
$script:SandboxUrl = $null
$script:TrustPolicy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'

function Get-RepoRoot { $script:RepoRoot }

function Import-ModuleUnderTest {
    <# Imports InstanceProfileTools from the root manifest, as a user does after a build. #>
    if (-not (Get-Module InstanceProfileTools)) {
        Import-Module (Join-Path $script:RepoRoot 'InstanceProfileTools.psd1') -Global -ErrorAction Stop
    }
}

function Initialize-TestSandbox {
    <#
    .SYNOPSIS
        Imports the module, connects to the run's sandbox (or starts one), resets it and points the standard AWS
        environment variables at it, so that cmdlets and the AWS CLI need no parameters. Answers the URL.
    #>
    Import-ModuleUnderTest
    if ($env:IPT_SANDBOX_URL) {
        $script:SandboxUrl = $env:IPT_SANDBOX_URL
    }
    elseif (-not $script:OwnSandbox) {
        Import-Module (Join-Path $script:RepoRoot 'tools/Sandbox.psm1') -Force
        $script:OwnSandbox = Start-Sandbox
        $script:SandboxUrl = $script:OwnSandbox.Url
    }
    Set-TestAwsEnvironment -EndpointUrl $script:SandboxUrl
    # Waits and retries poll every 50 ms against the sandbox instead of every few seconds.
    $env:IPT_POLL_INTERVAL_MS = '50'
    Reset-Sandbox
    $script:SandboxUrl
}

function Set-TestAwsEnvironment {
    <# Points the standard AWS variables at one endpoint with the test keys, and clears those that would override them. #>
    param([Parameter(Mandatory)][string] $EndpointUrl)
    foreach ($name in 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_STS') {
        Remove-Item "Env:$name" -ErrorAction SilentlyContinue
    }
    $env:AWS_ACCESS_KEY_ID = 'test'
    $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_DEFAULT_REGION = 'us-east-1'
    $env:AWS_ENDPOINT_URL = $EndpointUrl
}

function Stop-TestSandbox {
    <# Stops the sandbox Initialize-TestSandbox started, if it started one. #>
    if ($script:OwnSandbox) {
        $script:OwnSandbox | Stop-Sandbox
        $script:OwnSandbox = $null
    }
}

function Get-SandboxUrl { $script:SandboxUrl }

function Reset-Sandbox {
    <# Empties the sandbox and restores its default settings. #>
    $null = Invoke-RestMethod -Method Post -Uri "$script:SandboxUrl/_sandbox/reset" -ContentType 'application/json'
}

function Set-SandboxSettings {
    <# Changes the sandbox's consistency and fault settings: Set-SandboxSettings @{ consistency = @{ rolePropagationMs = 1500 } } #>
    param([Parameter(Mandatory)][hashtable] $Settings)
    $body = $Settings | ConvertTo-Json -Depth 10 -Compress
    $null = Invoke-RestMethod -Method Post -Uri "$script:SandboxUrl/_sandbox/settings" -Body $body -ContentType 'application/json'
}

function Get-SandboxStats {
    <# {requests, mutations, byAction}: what reached the sandbox since its last reset. #>
    Invoke-RestMethod -Uri "$script:SandboxUrl/_sandbox/stats"
}

function Get-SandboxTimeline {
    <# The association timeline, for one instance or all, one event per element. #>
    param([string] $InstanceId)
    $uri = "$script:SandboxUrl/_sandbox/timeline"
    if ($InstanceId) { $uri += "?instanceId=$InstanceId" }
    foreach ($event in (Invoke-RestMethod -Uri $uri)) { $event }
}

function Get-EffectiveArn {
    <# The profile ARN the instance runs with now, according to the sandbox's timeline. #>
    param([string] $InstanceId)
    @(Get-SandboxTimeline $InstanceId)[-1].effectiveInstanceProfileArn
}

function Test-NeverWithoutProfile {
    <# True when, once the instance first had a profile, its timeline never shows it without one. #>
    param([object[]] $Timeline)
    $hadOne = $false
    foreach ($event in $Timeline) {
        if ($event.effectiveInstanceProfileArn) { $hadOne = $true }
        elseif ($hadOne) { return $false }
    }
    $hadOne
}

function Invoke-Aws {
    <# Runs the AWS CLI against the current AWS_ENDPOINT_URL and answers its JSON output as objects. #>
    $output = & aws @args --output json 2>&1
    if ($LASTEXITCODE -ne 0) { throw "aws $($args -join ' ') failed: $output" }
    if ($output) { ($output -join "`n") | ConvertFrom-Json }
}

function New-TestRole {
    <# Creates IAM roles with the AWS CLI (about half a second each: make only what a spec needs). #>
    param([Parameter(Mandatory)][string[]] $RoleName)
    foreach ($name in $RoleName) {
        $null = Invoke-Aws iam create-role --role-name $name --assume-role-policy-document $script:TrustPolicy
    }
}

function New-TestInstance {
    <# Launches instances with the AWS CLI (in -Region, else AWS_REGION's), with -InstanceProfileName already associated with that profile, and answers their ids. #>
    param([int] $Count = 1, [string] $ImageId = 'ami-12345678', [string] $InstanceProfileName, [string] $Region)
    $profileArguments = if ($InstanceProfileName) { '--iam-instance-profile', "Name=$InstanceProfileName" } else { @() }
    $regionArguments = if ($Region) { '--region', $Region } else { @() }
    (Invoke-Aws ec2 run-instances --image-id $ImageId --count $Count --instance-type t3.micro @profileArguments @regionArguments).Instances.InstanceId
}

function Stop-TestInstance {
    <# Stops instances with the AWS CLI. #>
    param([Parameter(Mandatory)][string[]] $InstanceId)
    $null = Invoke-Aws ec2 stop-instances --instance-ids @InstanceId
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a script in a fresh PowerShell process (this process's pwsh, the current environment) and answers
        its output lines; throws when it exits non-zero or does not finish in time (a hang is a failure, not a
        stuck run). For what must start clean: load contexts, SDK caches.
    #>
    param([Parameter(Mandatory)][string] $Script, [int] $TimeoutSeconds = 120)
    $start = [System.Diagnostics.ProcessStartInfo]::new((Get-Process -Id $PID).Path)
    if ([System.IO.Path]::GetFileNameWithoutExtension($start.FileName) -eq 'dotnet') {
        $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    foreach ($word in '-NoProfile', '-NonInteractive', '-Command', $Script) { $start.ArgumentList.Add($word) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "The child PowerShell did not finish within $TimeoutSeconds s."
        }
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "The child PowerShell failed ($($process.ExitCode)): $($stdout.Result)$($stderr.Result)" }
        $stdout.Result -split '\r?\n' | Where-Object { $_ -ne '' }
    }
    finally {
        $process.Dispose()
    }
}

function New-TestName {
    <# A unique name with a readable prefix, so that the Its of one file can share a sandbox without a reset. #>
    param([string] $Prefix = 'test')
    '{0}-{1}' -f $Prefix, [guid]::NewGuid().ToString('n').Substring(0, 8)
}

function Deny-RegionRead {
    <# Makes the sandbox refuse every DescribeIamInstanceProfileAssociations signed for -Region, as a policy that denies the region does (UnauthorizedOperation, 403); -Region $null lifts it. #>
    param([AllowNull()][string] $Region)
    $rules = @()
    if ($Region) {
        $rules = @(@{ action = 'DescribeIamInstanceProfileAssociations'; region = $Region; count = -1; errorCode = 'UnauthorizedOperation'; status = 403; message = 'You are not authorized to perform this operation.' })
    }
    Set-SandboxSettings @{ faults = @{ rules = $rules } }
}

function Get-EnabledRegions {
    <# The regions the sandbox has enabled (its --regions), as DescribeRegions answers them. #>
    @((Invoke-RestMethod -Uri "$script:SandboxUrl/_sandbox/health").regions)
}

function Get-MutationCount {
    <# Mutating requests that reached the sandbox so far (for -WhatIf specs). #>
    (Get-SandboxStats).mutations
}

function Get-ActionCount {
    <# How many requests of one AWS action reached the sandbox so far (0 when none). #>
    param([Parameter(Mandatory)][string] $Action)
    $byAction = (Get-SandboxStats).byAction
    $property = $byAction.PSObject.Properties[$Action]
    if ($property) { [int]$property.Value } else { 0 }
}

function Assert-ErrorRecord {
    <# Asserts that an error record (or the first of an -ErrorVariable list) is -Id of -Command's cmdlet, and of -Category and -TargetObject when given. #>
    param(
        [Parameter(Mandatory, Position = 0)][AllowNull()][AllowEmptyCollection()][object] $ErrorRecord,
        [Parameter(Mandatory)][string] $Id,
        [Parameter(Mandatory)][string] $Command,
        [System.Management.Automation.ErrorCategory] $Category,
        [AllowNull()][object] $TargetObject
    )
    $record = @($ErrorRecord) | Select-Object -First 1
    if ($record -is [System.Management.Automation.IContainsErrorRecord]) { $record = $record.ErrorRecord }
    $record | Should -Not -BeNullOrEmpty -Because "$Command should have written the error $Id"
    $type = (Get-Command -Name $Command -Module InstanceProfileTools -CommandType Cmdlet -ErrorAction Stop).ImplementingType.FullName
    $record.FullyQualifiedErrorId | Should -Be "$Id,$type" -Because "it is the error $Id of $Command"
    if ($PSBoundParameters.ContainsKey('Category')) { $record.CategoryInfo.Category | Should -Be $Category -Because "the category of $Id" }
    if ($PSBoundParameters.ContainsKey('TargetObject')) { $record.TargetObject | Should -Be $TargetObject -Because "the target of $Id" }
}

function Assert-NoRequest {
    <# Runs a script block in the caller's scope, asserts that no request (-Mutating: no mutating one; -Action: none of that action) reached the sandbox meanwhile, and answers its output. #>
    param([Parameter(Mandatory, Position = 0)][scriptblock] $ScriptBlock, [switch] $Mutating, [string] $Action, [string] $Because)
    $what, $count = if ($Action) { "$Action request", { Get-ActionCount $Action } }
    elseif ($Mutating) { 'mutating request', { Get-MutationCount } }
    else { 'request', { (Get-SandboxStats).requests } }
    if (-not $Because) { $Because = "no $what should have reached the sandbox" }
    $before = & $count
    # Dot-sourced, so that an -ErrorVariable or assignment inside stays visible to the spec after the call.
    $output = . $ScriptBlock
    (& $count) - $before | Should -Be 0 -Because $Because
    $output
}

function Wait-Until {
    <# Polls a condition until it holds or the deadline passes (no fixed sleep as synchronisation). #>
    param([Parameter(Mandatory)][scriptblock] $Condition, [int] $TimeoutSeconds = 20, [int] $IntervalMilliseconds = 50)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds $IntervalMilliseconds
    }
    throw "The condition {$Condition} did not hold within $TimeoutSeconds s."
}

function Start-BackgroundCommand {
    <#
    .SYNOPSIS
        Runs a script that uses the module in a runspace of its own, so that a spec can stop it as Ctrl+C would.
        Answers { Shell, Output, Handle }; Stop-BackgroundCommand stops it and answers the state it ended in.
    #>
    param([Parameter(Mandatory)][string] $Script, [object[]] $ArgumentList = @())
    $shell = [powershell]::Create()
    $manifest = Join-Path $script:RepoRoot 'InstanceProfileTools.psd1'
    $null = $shell.AddScript("Import-Module '$manifest'; $Script")
    foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $handle = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
    [pscustomobject]@{ Shell = $shell; Output = $output; Handle = $handle }
}

function Stop-BackgroundCommand {
    <#
    .SYNOPSIS
        Stops a command of Start-BackgroundCommand as Ctrl+C does, disposes it, and answers the state it ended in
        (Stopped, or Completed or Failed when it had ended before). With -TimeoutSeconds, throws when the stop has not
        returned by then: a hang guard, as Invoke-ChildPwsh's, not a measure of speed.
    #>
    param([Parameter(Mandatory)] $Command, [int] $TimeoutSeconds = 0)
    $stop = $Command.Shell.BeginStop($null, $null)
    if ($TimeoutSeconds -gt 0 -and -not $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSeconds))) {
        throw "The background command did not stop within $TimeoutSeconds s."
    }
    try {
        $Command.Shell.EndStop($stop)
        $Command.Shell.InvocationStateInfo.State
    }
    finally {
        $Command.Shell.Dispose()
    }
}

function Read-Journal {
    <# A journal's lines as objects, in order (a -JournalPath file of the module under test). #>
    param([Parameter(Mandatory)][string] $Path)
    @(Get-Content $Path | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
}

Export-ModuleMember -Function Get-RepoRoot, Deny-RegionRead, Get-EnabledRegions, Read-Journal, Set-TestAwsEnvironment, Import-ModuleUnderTest, Initialize-TestSandbox, Stop-TestSandbox, Get-SandboxUrl,
    Reset-Sandbox, Set-SandboxSettings, Get-SandboxStats, Get-SandboxTimeline, Get-EffectiveArn, Test-NeverWithoutProfile, Invoke-Aws, New-TestRole, New-TestInstance,
    Stop-TestInstance, Wait-Until, New-TestName, Invoke-ChildPwsh, Get-MutationCount, Get-ActionCount, Start-BackgroundCommand, Stop-BackgroundCommand,
    Assert-ErrorRecord, Assert-NoRequest
