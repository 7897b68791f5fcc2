<#
    Starts and stops the InstanceProfileTools sandbox (src/InstanceProfileTools.Sandbox) for scripts: the example
    runbook and the Pester run. One place, so that both wait for it the same way.
#>
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path $PSScriptRoot -Parent

function Start-Sandbox {
    <#
    .SYNOPSIS
        Starts a sandbox on a free loopback port and answers its URL and process, once it is listening.
    .PARAMETER ArgumentList
        More sandbox options, such as '--state', 'rehearsal.json'.
    .PARAMETER Executable
        A sandbox command to run instead of the repository's build, such as an installed ipt-sandbox tool.
    .PARAMETER LogPath
        A file that receives the sandbox's stderr (its '--verbose' request log) as it is written; without it, stderr
        is read and dropped.
    #>
    [CmdletBinding()]
    param(
        [string[]] $ArgumentList = @(),
        [string] $Executable,
        [string] $LogPath,
        [timespan] $Timeout = [timespan]::FromSeconds(60)
    )
    if ($Executable) {
        $start = [System.Diagnostics.ProcessStartInfo]::new($Executable)
    }
    else {
        $dll = Get-ChildItem -Path (Join-Path $script:RepoRoot 'artifacts/bin/InstanceProfileTools.Sandbox') -Filter 'InstanceProfileTools.Sandbox.dll' -Recurse -ErrorAction SilentlyContinue |
            Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        if ($dll) {
            $start.ArgumentList.Add($dll.FullName)
        }
        else {
            foreach ($word in 'run', '--project', (Join-Path $script:RepoRoot 'src/InstanceProfileTools.Sandbox'), '--') { $start.ArgumentList.Add($word) }
        }
    }
    foreach ($word in @('--port', '0') + $ArgumentList) { $start.ArgumentList.Add($word) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    # Drain stderr so that a chatty sandbox never blocks on a full pipe; unbuffered, so a reader sees what was copied.
    $log = $null
    $logCopy = $null
    if ($LogPath) {
        $log = [System.IO.FileStream]::new($LogPath, 'Create', 'Write', 'ReadWrite', 1)
        $logCopy = $process.StandardError.BaseStream.CopyToAsync($log)
    }
    else {
        $null = $process.StandardError.ReadToEndAsync()
    }

    $firstLine = $process.StandardOutput.ReadLineAsync()
    if (-not $firstLine.Wait($Timeout)) {
        $process.Kill($true)
        Close-SandboxLog $logCopy $log
        throw "The sandbox did not start listening within $($Timeout.TotalSeconds) s."
    }
    if ($firstLine.Result -notmatch '^listening on (http://\S+)$') {
        $process.Kill($true)
        Close-SandboxLog $logCopy $log
        throw "The sandbox's first line was '$($firstLine.Result)', not 'listening on http://...'."
    }
    $null = $process.StandardOutput.ReadToEndAsync()
    [pscustomobject]@{ Url = $Matches[1]; Process = $process; Log = $log; LogCopy = $logCopy }
}

function Stop-Sandbox {
    <#
    .SYNOPSIS
        Stops a sandbox that Start-Sandbox started.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Sandbox)
    process {
        if (-not $Sandbox.Process.HasExited) {
            $Sandbox.Process.Kill($true)
            $null = $Sandbox.Process.WaitForExit(10000)
        }
        Close-SandboxLog $Sandbox.LogCopy $Sandbox.Log
        $Sandbox.Process.Dispose()
    }
}

function Close-SandboxLog($LogCopy, $Log) {
    # The copy ends at the end of stderr, which the exit closes: then the log file holds everything.
    if ($LogCopy) {
        $null = $LogCopy.Wait(10000)
        $Log.Dispose()
    }
}

function Enter-Rehearsal {
    <#
    .SYNOPSIS
        For a rehearsal script: the sandbox at -EndpointUrl, or one started here, with the standard AWS settings
        (which the module and the AWS CLI both honour) pointed at it. Answers Url, and Started: the sandbox started
        here (stop it with Stop-Sandbox), or $null.
    #>
    param([string] $EndpointUrl)
    $started = $null
    if (-not $EndpointUrl) {
        $started = Start-Sandbox
        $EndpointUrl = $started.Url
    }
    $env:AWS_ENDPOINT_URL = $EndpointUrl
    $env:AWS_ACCESS_KEY_ID = 'test'
    $env:AWS_SECRET_ACCESS_KEY = 'test'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_DEFAULT_REGION = 'us-east-1'
    [pscustomobject]@{ Url = $EndpointUrl; Started = $started }
}

Export-ModuleMember -Function Start-Sandbox, Stop-Sandbox, Enter-Rehearsal
