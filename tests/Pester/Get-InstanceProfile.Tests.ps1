Set-StrictMode -Version Latest

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox
    $script:Id = 'InstanceProfileTools.Commands.GetInstanceProfileCommand'
}

AfterAll {
    Stop-TestSandbox
}

Describe 'Get-InstanceProfile' {
    BeforeEach {
        Reset-Sandbox
        $null = New-InstanceProfile -Name app-web -Path /apps/
        $null = New-InstanceProfile -Name app-worker -Path /apps/
        $null = New-InstanceProfile -Name db -Path /data/
    }

    Context 'by name' {
        It 'reads one profile by exact name' {
            $found = Get-InstanceProfile -Name app-web

            $found.InstanceProfileName | Should -Be 'app-web'
            (Get-SandboxStats).byAction.GetInstanceProfile | Should -Be 1
        }

        It 'lists every profile without a name' {
            (Get-InstanceProfile).InstanceProfileName | Sort-Object | Should -Be @('app-web', 'app-worker', 'db')
        }

        It 'matches wildcards, ignoring case' {
            (Get-InstanceProfile -Name 'APP-*').InstanceProfileName | Sort-Object | Should -Be @('app-web', 'app-worker')
        }

        It 'writes nothing and no error when a wildcard matches nothing' {
            Get-InstanceProfile -Name 'nothing-*' -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'filters by path prefix' {
            (Get-InstanceProfile -PathPrefix /data/).InstanceProfileName | Should -Be 'db'
        }
    }

    Context 'by role' {
        It 'lists the profiles that hold a role' {
            New-TestRole shared-role
            $null = New-InstanceProfile -Name with-role -RoleName shared-role

            (Get-InstanceProfile -RoleName shared-role).InstanceProfileName | Should -Be 'with-role'
        }

        It 'reports an unknown role as RoleNotFound' {
            Get-InstanceProfile -RoleName ghost-role -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id RoleNotFound -Command Get-InstanceProfile -TargetObject 'ghost-role'
            $err[0].ErrorDetails.Message | Should -BeLike "*Check the role name 'ghost-role' and the account*"
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike "Check the role name 'ghost-role' and the account*"
        }
    }

    Context '-Unused' {
        BeforeEach {
            New-TestRole reader
            $null = New-InstanceProfile -Name used-here -RoleName reader
            $null = New-InstanceProfile -Name used-south -RoleName reader
            $null = New-TestInstance -InstanceProfileName used-here
            $null = New-TestInstance -Region ap-south-1 -InstanceProfileName used-south
        }

        It 'lists exactly the profiles no instance uses in any enabled region, each with the regions read' {
            $unused = @(Get-InstanceProfile -Unused)

            $unused.InstanceProfileName | Sort-Object | Should -Be @('app-web', 'app-worker', 'db')
            $regions = Get-EnabledRegions | Sort-Object
            $regions | Should -Contain 'ap-south-1'
            foreach ($profile in $unused) { $profile.UnusedInRegions | Sort-Object | Should -Be $regions }
        }

        It 'keeps to the names asked for, with one scan for them all' {
            $before = Get-ActionCount DescribeRegions

            $unused = @(Get-InstanceProfile -Name 'used-*', 'app-web' -Unused)

            $unused.InstanceProfileName | Should -Be @('app-web')
            (Get-ActionCount DescribeRegions) - $before | Should -Be 1
        }

        It 'refuses while a region cannot be read, and lists without it with -SkipUnreadableRegion, warning' {
            Deny-RegionRead ap-south-1

            { Get-InstanceProfile -Unused } | Should -Throw -ErrorId "RegionUnreadable,$script:Id" -ExpectedMessage '*ap-south-1 (UnauthorizedOperation*'

            $unused = @(Get-InstanceProfile -Unused -SkipUnreadableRegion -WarningVariable warnings -WarningAction SilentlyContinue)
            # used-south's only instance is in the region left out: the warning is why it is listed.
            $unused.InstanceProfileName | Sort-Object | Should -Be @('app-web', 'app-worker', 'db', 'used-south')
            $unused[0].UnusedInRegions | Should -Not -Contain 'ap-south-1'
            "$warnings" | Should -Match 'ap-south-1'
        }
    }

    Context 'pipeline' {
        It 'takes names from the pipeline, as strings and by property name' {
            ('app-web', 'db' | Get-InstanceProfile).InstanceProfileName | Should -Be @('app-web', 'db')
            ([pscustomobject]@{ InstanceProfileName = 'db' } | Get-InstanceProfile).Path | Should -Be '/data/'
        }

        It 'goes on after a name that is not found' {
            $found = 'missing', 'db' | Get-InstanceProfile -ErrorVariable err -ErrorAction SilentlyContinue

            $found.InstanceProfileName | Should -Be 'db'
            $err.Count | Should -Be 1
        }
    }

    Context 'pagination' {
        BeforeEach {
            # 101 more profiles: two pages of ListInstanceProfiles (100 a page by default).
            1..101 | ForEach-Object { 'bulk-{0:000}' -f $_ } | New-InstanceProfile | Out-Null
        }

        It 'writes the first profile before it requests the next page' {
            $script:listsAtFirst = $null
            Get-InstanceProfile -Name 'bulk-*' | ForEach-Object {
                if ($null -eq $script:listsAtFirst) { $script:listsAtFirst = (Get-SandboxStats).byAction.ListInstanceProfiles }
            }

            $script:listsAtFirst | Should -Be 1
            (Get-SandboxStats).byAction.ListInstanceProfiles | Should -Be 2
        }

        It 'requests no further page once downstream has enough' {
            $first = Get-InstanceProfile | Select-Object -First 1

            $first | Should -Not -BeNullOrEmpty
            (Get-SandboxStats).byAction.ListInstanceProfiles | Should -Be 1
        }

        It 'reads every page' {
            (Get-InstanceProfile -Name 'bulk-*' | Measure-Object).Count | Should -Be 101
        }
    }

    Context 'argument completion' {
        It 'completes -Name from IAM with the connection on the command line' {
            $line = "Get-InstanceProfile -EndpointUrl $(Get-SandboxUrl) -Name app-w"

            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText

            $completions | Should -Be @('app-web', 'app-worker')
        }

        It 'offers nothing, not even file names, when -Credential cannot answer its keys' {
            # Global: completion evaluates the command line's variables outside this script's scope.
            $global:SealedCompletionCredential = Invoke-Expression 'class SealedCompletionCredentials { [object] GetCredentials() { throw "the vault is sealed" } }; [SealedCompletionCredentials]::new()'
            $line = "Get-InstanceProfile -EndpointUrl $(Get-SandboxUrl) -Credential `$global:SealedCompletionCredential -Name app-w"
            # A completer that throws is skipped, and PowerShell falls back to file names: offer one that matches.
            $null = New-Item (Join-Path $TestDrive 'app-web.txt') -ItemType File
            Push-Location $TestDrive
            try {
                $completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText)
            }
            finally {
                Pop-Location
                Remove-Variable SealedCompletionCredential -Scope Global
            }

            $completions | Should -HaveCount 0
        }
    }

    Context 'errors' {
        It 'reports a literal name that does not exist as InstanceProfileNotFound' {
            Get-InstanceProfile -Name missing -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InstanceProfileNotFound -Command Get-InstanceProfile -Category ObjectNotFound -TargetObject 'missing'
            $err[0].ErrorDetails.Message | Should -Match '\(IAM NoSuchEntity, HTTP 404, request id \S+\)$'
            $err[0].ErrorDetails.Message | Should -BeLike '*Check the name (Get-InstanceProfile lists them), the account and -AwsProfile*'
            $err[0].ErrorDetails.RecommendedAction | Should -BeLike 'Check the name (Get-InstanceProfile lists them), the account and -AwsProfile*'
        }
    }

    Context 'bad input' {
        It 'rejects an invalid literal name before any request' {
            Assert-NoRequest { Get-InstanceProfile -Name 'bad name' -ErrorVariable err -ErrorAction SilentlyContinue }

            Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command Get-InstanceProfile
        }

        It 'rejects a malformed wildcard pattern before any request and goes on with the next name' {
            $null = New-InstanceProfile -Name bracket-next
            $before = (Get-SandboxStats).requests

            $found = Get-InstanceProfile -Name '[web', 'bracket-next' -ErrorVariable err -ErrorAction SilentlyContinue

            Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command Get-InstanceProfile -Category InvalidArgument -TargetObject '[web'
            $err[0].Exception.Message | Should -Match "must be closed by a '\]'"
            $found.InstanceProfileName | Should -Be 'bracket-next'
            (Get-SandboxStats).requests - $before | Should -Be 1
        }

        It 'refuses -SkipUnreadableRegion without -Unused before any request' {
            Assert-NoRequest { { Get-InstanceProfile -SkipUnreadableRegion } | Should -Throw -ErrorId "InvalidParameter,$script:Id" }
        }

        It 'stops on an invalid path prefix' {
            { Get-InstanceProfile -PathPrefix 'apps/' } | Should -Throw -ErrorId "InvalidPath,$script:Id"
        }
    }
}
