Set-StrictMode -Version Latest

# The module's round trip against moto server (from the machine image): a server nobody on this project wrote.
# Moto deviates from AWS in known ways (DESIGN.md, section 2: no eventual consistency, lax validation, a profile may
# hold two roles, ListInstanceProfileTags answers 500), so only what moto does as AWS does is asserted here.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModuleUnderTest

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    $start = [System.Diagnostics.ProcessStartInfo]::new('python3')
    foreach ($word in '-m', 'moto.server', '-H', '127.0.0.1', '-p', "$port") { $start.ArgumentList.Add($word) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $script:Moto = [System.Diagnostics.Process]::Start($start)
    $null = $script:Moto.StandardOutput.ReadToEndAsync()
    $null = $script:Moto.StandardError.ReadToEndAsync()
    $script:MotoUrl = "http://127.0.0.1:$port"
    $null = Wait-Until -TimeoutSeconds 60 -IntervalMilliseconds 100 -Condition {
        if ($script:Moto.HasExited) { throw "moto server exited with $($script:Moto.ExitCode)" }
        try { (Invoke-WebRequest -Uri "$script:MotoUrl/moto-api/" -TimeoutSec 2).StatusCode -eq 200 } catch { $false }
    }

    Set-TestAwsEnvironment -EndpointUrl $script:MotoUrl
    $env:IPT_POLL_INTERVAL_MS = '50'

    New-TestRole moto-reader, moto-writer
    # An AMI moto knows (it validates image ids on launch).
    $imageId = (Invoke-Aws ec2 describe-images).Images[0].ImageId
    $script:instances = [System.Collections.Generic.Queue[string]]::new([string[]](New-TestInstance -Count 3 -ImageId $imageId))
}

AfterAll {
    if ($script:Moto -and -not $script:Moto.HasExited) {
        $script:Moto.Kill($true)
        $null = $script:Moto.WaitForExit(10000)
    }
}

Describe 'Round trip against moto server' {
    Context 'profiles' {
        It 'creates a profile named after its role, holding it' {
            $created = New-InstanceProfile -RoleName moto-reader -Wait -Timeout 30

            $created.InstanceProfileName | Should -Be 'moto-reader'
            $created.RoleName | Should -Be 'moto-reader'
            (Get-InstanceProfile -Name 'moto-*').InstanceProfileName | Should -Contain 'moto-reader'
        }

        It 'adds a role to an empty profile and removes the profile with -Force' {
            $name = New-TestName moto
            $null = New-InstanceProfile -Name $name -Path /moto/

            (Add-ProfileRole $name moto-writer).RoleName | Should -Be 'moto-writer'
            Remove-InstanceProfile -Name $name -Force -Confirm:$false

            Get-InstanceProfile -Name "$name*" | Should -BeNullOrEmpty
        }
    }

    Context 'associations' {
        It 'associates, lists, replaces and disassociates' {
            $reader = New-TestName reader
            $writer = New-TestName writer
            $null = New-InstanceProfile -Name $reader -RoleName moto-reader
            $null = New-InstanceProfile -Name $writer -RoleName moto-writer
            $instanceId = $script:instances.Dequeue()

            $association = Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName $reader -Wait -Timeout 30
            $association.InstanceProfileName | Should -Be $reader

            $listed = Get-InstanceProfileAssociation -InstanceId $instanceId
            $listed.AssociationId | Should -Be $association.AssociationId

            $replaced = Set-InstanceProfileAssociation -InstanceId $instanceId -InstanceProfileName $writer
            $replaced.InstanceProfileName | Should -Be $writer
            (Get-InstanceRole -InstanceId $instanceId).RoleName | Should -Be 'moto-writer'

            $null = Unregister-InstanceProfile -InstanceId $instanceId -Confirm:$false
            Get-InstanceProfileAssociation -InstanceId $instanceId -State associated | Should -BeNullOrEmpty
        }

        It 'refuses to remove a profile an instance uses, then removes it once the instance is detached' {
            $name = New-TestName used
            $null = New-InstanceProfile -Name $name -RoleName moto-reader
            $instanceId = $script:instances.Dequeue()
            $null = Register-InstanceProfile -InstanceId $instanceId -InstanceProfileName $name

            Remove-InstanceProfile -Name $name -Force -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
            Assert-ErrorRecord $err -Id InstanceProfileInUse -Command Remove-InstanceProfile

            $null = Unregister-InstanceProfile -InstanceId $instanceId -Confirm:$false
            Remove-InstanceProfile -Name $name -Force -Confirm:$false
            Get-InstanceProfile -Name "$name*" | Should -BeNullOrEmpty
        }
    }
}
