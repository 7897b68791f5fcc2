Set-StrictMode -Version Latest

# Issue 9, point 6: the bad values a tired operator types, on every cmdlet. Each is refused before any call, by
# one ErrorRecord whose id and message name the rule it broke; in a batch, the bad item fails alone.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $null = Initialize-TestSandbox

    # Made once: the table's cases only read these names and ids (a refused command touches nothing); the batch
    # cases each take their own bare instances.
    New-TestRole bad-input-role
    $null = New-InstanceProfile -Name bad-input -RoleName bad-input-role -Tag @{ env = 'prod'; team = 'ops' }
    $associated = New-TestInstance -InstanceProfileName bad-input
    $bare = [string[]](New-TestInstance -Count 12)
    $script:Fixture = @{
        Good        = $bare[0]
        Association = (Get-InstanceProfileAssociation -InstanceId $associated).AssociationId
        Arn         = (Get-InstanceProfile -Name bad-input).Arn
    }
    $script:ForRead = $bare[0..4]
    $script:ForSet = $bare[5..8]
    $script:ForRegister = $bare[9..11]

    function Invoke-Refused {
        <#
            Runs one case and answers what it wrote: its ErrorRecords (terminating or not), its other output, and
            how many requests reached the sandbox meanwhile.
        #>
        param([scriptblock] $Command, [hashtable] $Fixture)
        $ErrorActionPreference = 'Continue'
        $before = (Get-SandboxStats).requests
        $written = @()
        try {
            $written = @(& $Command $Fixture 2>&1)
        }
        catch {
            $written += $_
        }
        $after = (Get-SandboxStats).requests
        [pscustomobject]@{
            Errors   = @($written | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Output   = @($written | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            Requests = $after - $before
        }
    }

    function New-Keys {
        <# A PSCredential as -Credential takes it: access key id as user name, secret as password. #>
        param([string] $AccessKeyId, [string] $Secret)
        $password = [securestring]::new()
        foreach ($character in $Secret.ToCharArray()) { $password.AppendChar($character) }
        [pscredential]::new($AccessKeyId, $password)
    }
}

AfterAll {
    Stop-TestSandbox
}

Describe 'bad input' {
    # Id: the module's own id, or PowerShell's for what the binder refuses (ValidateRange, parameter sets): both are
    # refused before the cmdlet runs. Message: a literal piece of the message that names the constraint.
    It '<Cmdlet> refuses <Case>' -ForEach @(
        # Connection parameters, from the command line and the environment.
        @{ Cmdlet = 'Get-InstanceRole'; Case = 'a region in upper case'; Id = 'InvalidParameter'; Message = "Region 'EU-WEST-1' is invalid: it must be a region code such as 'eu-west-1', of lowercase letters"
            Command = { param($f) Get-InstanceRole -InstanceId $f.Good -Region 'EU-WEST-1' } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'a region with spaces inside'; Id = 'InvalidParameter'; Message = "Region 'eu west 1' is invalid"
            Command = { param($f) Get-InstanceProfile -Name bad-input -Region 'eu west 1' } }
        @{ Cmdlet = 'Get-InstanceProfileAssociation'; Case = 'a blank region (it used to fall through to AWS_REGION)'; Id = 'InvalidParameter'; Message = "Region ' ' is invalid"
            Command = { param($f) Get-InstanceProfileAssociation -InstanceId $f.Good -Region ' ' } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'two regions on a cmdlet of one region'; Id = 'InvalidParameter'; Message = 'Get-InstanceProfile works in one account and region'
            Command = { param($f) Get-InstanceProfile -Name bad-input -Region us-east-1, eu-west-1 } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = '-Region * on a cmdlet of one region'; Id = 'InvalidParameter'; Message = 'Several, or -Region *, are taken by Get-InstanceRole'
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileName bad-input -Region '*' } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'two profiles on a cmdlet of one account'; Id = 'InvalidParameter'; Message = 'give -Region and -AwsProfile one value each'
            Command = { param($f) New-InstanceProfile -Name bad-input -AwsProfile one, two } }
        @{ Cmdlet = 'Get-InstanceRole'; Case = 'a malformed region among several'; Id = 'InvalidParameter'; Message = "Region 'eu west 2' is invalid"
            Command = { param($f) Get-InstanceRole -InstanceId $f.Good -Region eu-west-1, 'eu west 2' } }
        @{ Cmdlet = 'Get-InstanceProfileTag'; Case = 'an empty region'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Region'. The argument is null, empty"
            Command = { param($f) Get-InstanceProfileTag -Name bad-input -Region '' } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'a malformed AWS_REGION, naming the variable'; Id = 'InvalidParameter'; Message = "Region 'eu_west_1' (from AWS_REGION) is invalid"
            Command = { param($f) $old = $env:AWS_REGION; $env:AWS_REGION = 'eu_west_1'; try { Get-InstanceProfile -Name bad-input } finally { $env:AWS_REGION = $old } } }
        @{ Cmdlet = 'Wait-InstanceProfile'; Case = 'an endpoint without a scheme'; Id = 'InvalidParameter'; Message = "Endpoint 'localhost:4566' is invalid: it must be an absolute http:// or https:// URL"
            Command = { param($f) Wait-InstanceProfile -Name bad-input -Timeout 5 -EndpointUrl 'localhost:4566' } }
        @{ Cmdlet = 'Remove-InstanceProfile'; Case = 'an ftp:// endpoint'; Id = 'InvalidParameter'; Message = 'must be an absolute http:// or https:// URL'
            Command = { param($f) Remove-InstanceProfile -Name bad-input -EndpointUrl 'ftp://127.0.0.1/' -Confirm:$false } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = 'an endpoint with a port out of range'; Id = 'InvalidParameter'; Message = "Endpoint 'http://127.0.0.1:99999' is invalid"
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileName bad-input -EndpointUrl 'http://127.0.0.1:99999' } }
        @{ Cmdlet = 'Add-ProfileRole'; Case = 'an endpoint carrying a password'; Id = 'InvalidParameter'; Message = "Endpoint 'http://***@127.0.0.1:4566/' is invalid: it must not carry a user name or password"
            Command = { param($f) Add-ProfileRole -InstanceProfileName bad-input -RoleName bad-input-role -EndpointUrl 'http://admin:hunter2@127.0.0.1:4566/' } }
        @{ Cmdlet = 'Get-InstanceProfileAssociation'; Case = 'a malformed AWS_ENDPOINT_URL_EC2, naming the variable'; Id = 'InvalidParameter'; Message = "Endpoint 'ftp://x' (from AWS_ENDPOINT_URL_EC2) is invalid"
            Command = { param($f) $env:AWS_ENDPOINT_URL_EC2 = 'ftp://x'; try { Get-InstanceProfileAssociation -InstanceId $f.Good } finally { Remove-Item Env:AWS_ENDPOINT_URL_EC2 } } }
        @{ Cmdlet = 'Unregister-InstanceProfile'; Case = 'a blank -AwsProfile (it used to mean the default credentials)'; Id = 'InvalidParameter'; Message = "AWS profile ' ' is invalid: it must name a profile"
            Command = { param($f) Unregister-InstanceProfile -InstanceId $f.Good -AwsProfile ' ' -Confirm:$false } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'an empty -AwsProfile'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'AwsProfile'. The argument is null, empty"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -AwsProfile '' } }
        @{ Cmdlet = 'Get-InstanceRole'; Case = 'a number as -Credential'; Id = 'InvalidCredential'; Message = 'a PSCredential whose user name is the access key id'
            Command = { param($f) Get-InstanceRole -InstanceId $f.Good -Credential 42 } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'an access key id with a stray space'; Id = 'InvalidCredential'; Message = "access key id ' test' must be letters, digits and _ only"
            Command = { param($f) New-InstanceProfile -Name never-made -Credential (New-Keys ' test' 'test') } }
        @{ Cmdlet = 'Remove-ProfileRole'; Case = 'a PSCredential without a secret'; Id = 'InvalidCredential'; Message = 'an access key id and a secret access key are both required'
            Command = { param($f) Remove-ProfileRole -InstanceProfileName bad-input -Credential ([pscredential]::new('test', [securestring]::new())) -Confirm:$false } }

        # Out-of-range numbers.
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-ThrottleLimit 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'ThrottleLimit'. The 0 argument is less than the minimum allowed range of 1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -ThrottleLimit 0 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-ThrottleLimit 257'; Id = 'ParameterArgumentValidationError'; Message = 'greater than the maximum allowed range of 256'
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -ThrottleLimit 257 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a negative -Timeout'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Timeout'. The -1 argument is less than the minimum allowed range of 1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -Timeout -1 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-PropagationTimeout 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'PropagationTimeout'. The 0 argument is less than the minimum allowed range of 1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -PropagationTimeout 0 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-MaxRequestRate 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'MaxRequestRate'. The 0 argument is less than the minimum allowed range of 0.1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -MaxRequestRate 0 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-MaxRequestRate NaN'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'MaxRequestRate'. The NaN argument is less than the minimum allowed range of 0.1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -MaxRequestRate ([double]::NaN) } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = '-Timeout 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Timeout'. The 0 argument is less than the minimum allowed range of 1"
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileName bad-input -Wait -Timeout 0 } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = 'a negative -MaxRequestRate'; Id = 'ParameterArgumentValidationError'; Message = 'The -1 argument is less than the minimum allowed range of 0.1'
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileName bad-input -MaxRequestRate -1 } }
        @{ Cmdlet = 'Set-InstanceProfileAssociation'; Case = 'a negative -Timeout'; Id = 'ParameterArgumentValidationError'; Message = 'The -30 argument is less than the minimum allowed range of 1'
            Command = { param($f) Set-InstanceProfileAssociation -AssociationId $f.Association -InstanceProfileName bad-input -Timeout -30 } }
        @{ Cmdlet = 'Unregister-InstanceProfile'; Case = '-MaxRequestRate 1001'; Id = 'ParameterArgumentValidationError'; Message = 'The 1001 argument is greater than the maximum allowed range of 1000'
            Command = { param($f) Unregister-InstanceProfile -InstanceId $f.Good -MaxRequestRate 1001 -Confirm:$false } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'a negative -PropagationTimeout'; Id = 'ParameterArgumentValidationError'; Message = 'The -1 argument is less than the minimum allowed range of 1'
            Command = { param($f) New-InstanceProfile -Name never-made -PropagationTimeout -1 } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = '-Timeout 3601'; Id = 'ParameterArgumentValidationError'; Message = 'The 3601 argument is greater than the maximum allowed range of 3600'
            Command = { param($f) New-InstanceProfile -Name never-made -Wait -Timeout 3601 } }
        @{ Cmdlet = 'Add-ProfileRole'; Case = '-PropagationTimeout 0'; Id = 'ParameterArgumentValidationError'; Message = 'The 0 argument is less than the minimum allowed range of 1'
            Command = { param($f) Add-ProfileRole -InstanceProfileName bad-input -RoleName bad-input-role -PropagationTimeout 0 } }
        @{ Cmdlet = 'Wait-InstanceProfile'; Case = '-Timeout 0'; Id = 'ParameterArgumentValidationError'; Message = 'The 0 argument is less than the minimum allowed range of 1'
            Command = { param($f) Wait-InstanceProfile -Name bad-input -Timeout 0 } }
        @{ Cmdlet = 'Wait-InstanceProfile'; Case = 'a -Timeout that is not a number'; Id = 'CannotConvertArgumentNoMessage'; Message = "Cannot convert value `"ten`" to type `"System.Int32`""
            Command = { param($f) Wait-InstanceProfile -Name bad-input -Timeout 'ten' } }

        # Tags: reserved keys, $null and empty values, lists, duplicates, limits.
        @{ Cmdlet = 'New-InstanceProfile'; Case = "a reserved 'aws:' tag key"; Id = 'InvalidTag'; Message = "Tag key 'aws:owner' is invalid: keys that begin with 'aws:' are reserved for AWS"
            Command = { param($f) New-InstanceProfile -Name never-made -Tag @{ 'aws:owner' = 'ops' } } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = "a reserved key in upper case ('AWS:')"; Id = 'InvalidTag'; Message = "keys that begin with 'aws:' are reserved for AWS"
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag @{ 'AWS:Owner' = 'ops' } } }
        @{ Cmdlet = 'Remove-InstanceProfileTag'; Case = 'a reserved key to remove'; Id = 'InvalidTag'; Message = "Tag key 'aws:cloudformation:stack-name' is invalid: keys that begin with 'aws:' are reserved"
            Command = { param($f) Remove-InstanceProfileTag -Name bad-input -TagKey 'aws:cloudformation:stack-name' } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = 'a $null value in a hashtable (it used to be sent as empty)'; Id = 'InvalidTag'; Message = "The value of tag 'env' is `$null: give it a value, or '' for an empty one"
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag @{ env = $null } } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'a Key/Value object whose Value is $null'; Id = 'InvalidTag'; Message = "The value of tag 'env' is `$null"
            Command = { param($f) New-InstanceProfile -Name never-made -Tag ([pscustomobject]@{ Key = 'env'; Value = $null }) } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = 'a tag object without Value'; Id = 'InvalidTag'; Message = "The tag object with key 'env' has no Value property"
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag ([pscustomobject]@{ Key = 'env' }) } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = 'an empty key in a hashtable'; Id = 'InvalidTag'; Message = "Tag key '' is invalid: it must be 1 to 128 characters"
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag @{ '' = 'x' } } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = 'an empty hashtable'; Id = 'InvalidTag'; Message = '0 tags were given: a call takes 1 to 50 tags'
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag @{} } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'an empty tag array'; Id = 'InvalidTag'; Message = '0 tags were given'
            Command = { param($f) New-InstanceProfile -Name never-made -Tag @() } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = 'a $null among the tags'; Id = 'ParameterArgumentValidationErrorNullNotAllowed'; Message = "parameter 'Tag' because it is null"
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag @(@{ env = 'prod' }, $null) } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'a number as a tag'; Id = 'InvalidTag'; Message = "A tag must be a hashtable (@{ env = 'prod' }) or an object with Key and Value properties"
            Command = { param($f) New-InstanceProfile -Name never-made -Tag 42 } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = '-Tag $null (it used to create the profile untagged)'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Tag'. The argument is null"
            Command = { param($f) New-InstanceProfile -Name never-made -Tag $null } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = "a list as a tag value (it used to be sent as 'prod dev')"; Id = 'InvalidTag'; Message = "The value of tag 'env' is a list or a hashtable (Object[]): a tag key and a tag value are each one string"
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag @{ env = 'prod', 'dev' } } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'tag keys that differ only in case'; Id = 'InvalidTag'; Message = "Tag keys 'Env' and 'env' are the same key to IAM, which ignores case"
            Command = { param($f) New-InstanceProfile -Name never-made -Tag @{ Env = 'a' }, @{ env = 'b' } } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = 'a tag value with a character IAM refuses'; Id = 'InvalidTag'; Message = "The value of tag 'env' is invalid: it must be 0 to 256 characters"
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag @{ env = 'prod;dev' } } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = '51 tags'; Id = 'InvalidTag'; Message = '51 tags were given: a call takes 1 to 50 tags'
            Command = { param($f) $tags = @{}; foreach ($i in 1..51) { $tags["k$i"] = 'v' }; Add-InstanceProfileTag -Name bad-input -Tag $tags } }
        @{ Cmdlet = 'Remove-InstanceProfileTag'; Case = '51 keys to remove'; Id = 'InvalidTag'; Message = '51 tags were given'
            Command = { param($f) Remove-InstanceProfileTag -Name bad-input -TagKey (1..51 | ForEach-Object { "k$_" }) } }
        @{ Cmdlet = 'Remove-InstanceProfileTag'; Case = 'a $null among the keys'; Id = 'ParameterArgumentValidationErrorNullNotAllowed'; Message = "parameter 'TagKey' because it is null"
            Command = { param($f) Remove-InstanceProfileTag -Name bad-input -TagKey 'env', $null } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = "a string as a tag ('env=prod')"; Id = 'InvalidTag'; Message = 'A tag must be a hashtable'
            Command = { param($f) Add-InstanceProfileTag -Name bad-input -Tag 'env=prod' } }
        @{ Cmdlet = 'Get-InstanceProfileTag'; Case = 'an unclosed wildcard in -Key'; Id = 'InvalidTag'; Message = "Wildcard pattern 'env[' is invalid: every '[' must be closed by a ']'"
            Command = { param($f) Get-InstanceProfileTag -Name bad-input -Key 'env[' } }
        @{ Cmdlet = 'Get-InstanceProfileTag'; Case = 'a $null among the keys (it used to throw a raw ArgumentNull)'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Key'. The argument is null, empty, or an element of the argument collection contains a null value"
            Command = { param($f) Get-InstanceProfileTag -Name bad-input -Key 'env', $null } }
        @{ Cmdlet = 'Get-InstanceProfileTag'; Case = '-Key $null (it used to mean every key)'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Key'. The argument is null or empty"
            Command = { param($f) Get-InstanceProfileTag -Name bad-input -Key $null } }

        # Names and paths.
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'a name with a space'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name 'web server' is invalid: it must match [\w+=,.@-]+"
            Command = { param($f) New-InstanceProfile -Name 'web server' } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'a name of 129 characters'; Id = 'InvalidInstanceProfileName'; Message = 'and be 1 to 128 characters'
            Command = { param($f) New-InstanceProfile -Name ('p' * 129) } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'a role name of 65 characters'; Id = 'InvalidRoleName'; Message = 'and be 1 to 64 characters'
            Command = { param($f) New-InstanceProfile -Name never-made -RoleName ('r' * 65) } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = 'neither a name nor a role'; Id = 'InvalidParameter'; Message = 'Give -InstanceProfileName, or -RoleName to name the profile after its role'
            Command = { param($f) New-InstanceProfile -Tag @{ env = 'prod' } } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = "a path without its slashes"; Id = 'InvalidPath'; Message = "Path 'apps' is invalid: it must be '/' or begin and end with '/'"
            Command = { param($f) New-InstanceProfile -Name never-made -Path 'apps' } }
        @{ Cmdlet = 'New-InstanceProfile'; Case = "-Path `$null (it used to mean '/')"; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Path'. The argument is null"
            Command = { param($f) New-InstanceProfile -Name never-made -Path $null } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'a name with a stray leading space'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name ' bad-input' is invalid: it must match [\w+=,.@-]+ (letters, digits and _+=,.@-) and be 1 to 128 characters. Remove the white space around it."
            Command = { param($f) Get-InstanceProfile -Name ' bad-input' } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'an unclosed wildcard'; Id = 'InvalidInstanceProfileName'; Message = "Wildcard pattern 'web-[ab' is invalid"
            Command = { param($f) Get-InstanceProfile -Name 'web-[ab' } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = '-Name $null (it used to list every profile)'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'InstanceProfileName'. The argument is null or empty"
            Command = { param($f) Get-InstanceProfile -Name $null } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'a path prefix without its slash'; Id = 'InvalidPath'; Message = "Path prefix 'apps' is invalid: it must begin with '/'"
            Command = { param($f) Get-InstanceProfile -PathPrefix 'apps' } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'a role name with a space'; Id = 'InvalidRoleName'; Message = "Role name 'my role' is invalid"
            Command = { param($f) Get-InstanceProfile -RoleName 'my role' } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = '-Name and -RoleName together'; Id = 'AmbiguousParameterSet'; Message = 'cannot be used together'
            Command = { param($f) Get-InstanceProfile -Name bad-input -RoleName bad-input-role } }
        @{ Cmdlet = 'Remove-InstanceProfile'; Case = 'a name with a space'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name 'bad input' is invalid"
            Command = { param($f) Remove-InstanceProfile -Name 'bad input' -Confirm:$false } }
        @{ Cmdlet = 'Remove-InstanceProfile'; Case = 'an empty name'; Id = 'ParameterArgumentValidationErrorEmptyStringNotAllowed'; Message = "parameter 'InstanceProfileName' because it is an empty string"
            Command = { param($f) Remove-InstanceProfile -Name '' -Confirm:$false } }
        @{ Cmdlet = 'Add-ProfileRole'; Case = 'a profile name with a slash'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name 'apps/web' is invalid"
            Command = { param($f) Add-ProfileRole -InstanceProfileName 'apps/web' -RoleName bad-input-role } }
        @{ Cmdlet = 'Add-ProfileRole'; Case = 'a wildcard as a role name'; Id = 'InvalidRoleName'; Message = "Role name 'bad-*' is invalid"
            Command = { param($f) Add-ProfileRole -InstanceProfileName bad-input -RoleName 'bad-*' } }
        @{ Cmdlet = 'Remove-ProfileRole'; Case = 'a role name with a stray leading space'; Id = 'InvalidRoleName'; Message = "Role name ' bad-input-role' is invalid: it must match [\w+=,.@-]+ (letters, digits and _+=,.@-) and be 1 to 64 characters. Remove the white space around it."
            Command = { param($f) Remove-ProfileRole -InstanceProfileName bad-input -RoleName ' bad-input-role' -Confirm:$false } }
        @{ Cmdlet = 'Remove-ProfileRole'; Case = 'a profile name of 129 characters'; Id = 'InvalidInstanceProfileName'; Message = 'and be 1 to 128 characters'
            Command = { param($f) Remove-ProfileRole -InstanceProfileName ('p' * 129) -Confirm:$false } }
        @{ Cmdlet = 'Wait-InstanceProfile'; Case = 'a name ending in a line break'; Id = 'InvalidInstanceProfileName'; Message = 'Remove the white space around it.'
            Command = { param($f) Wait-InstanceProfile -Name "bad-input`n" -Timeout 5 } }
        @{ Cmdlet = 'Wait-InstanceProfile'; Case = 'an empty role name'; Id = 'InvalidRoleName'; Message = "Role name '' is invalid"
            Command = { param($f) Wait-InstanceProfile -Name bad-input -RoleName '' -Timeout 5 } }
        @{ Cmdlet = 'Add-InstanceProfileTag'; Case = 'a profile name with a space'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name 'bad input' is invalid"
            Command = { param($f) Add-InstanceProfileTag -Name 'bad input' -Tag @{ env = 'prod' } } }
        @{ Cmdlet = 'Get-InstanceProfileTag'; Case = 'a profile name with a space'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name 'bad input' is invalid"
            Command = { param($f) Get-InstanceProfileTag -Name 'bad input' } }
        @{ Cmdlet = 'Remove-InstanceProfileTag'; Case = 'a profile name with a space'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name 'bad input' is invalid"
            Command = { param($f) Remove-InstanceProfileTag -Name 'bad input' -TagKey env } }

        # Instance ids, association ids and ARNs.
        @{ Cmdlet = 'Get-InstanceRole'; Case = 'an instance id in upper-case hex'; Id = 'InvalidInstanceId'; Message = 'lowercase hexadecimal digits, such as ''i-0123456789abcdef0''. Write it in lower case.'
            Command = { param($f) Get-InstanceRole -InstanceId $f.Good.ToUpperInvariant() } }
        @{ Cmdlet = 'Get-InstanceRole'; Case = 'an instance id with a trailing space'; Id = 'InvalidInstanceId'; Message = 'Remove the white space around it.'
            Command = { param($f) Get-InstanceRole -InstanceId "$($f.Good) " } }
        @{ Cmdlet = 'Get-InstanceRole'; Case = 'a short instance id'; Id = 'InvalidInstanceId'; Message = "Instance id 'i-123' is invalid: it must be 'i-' followed by 17 (or, for older instances, 8) lowercase hexadecimal digits"
            Command = { param($f) Get-InstanceRole -InstanceId 'i-123' } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'an instance id with a leading space'; Id = 'InvalidInstanceId'; Message = 'Remove the white space around it.'
            Command = { param($f) Set-InstanceRole -InstanceId " $($f.Good)" -RoleName bad-input-role } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'an instance id in upper case'; Id = 'InvalidInstanceId'; Message = 'Write it in lower case.'
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good.ToUpperInvariant() -RoleName bad-input-role } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a $null among the instance ids'; Id = 'ParameterArgumentValidationErrorNullNotAllowed'; Message = "parameter 'InstanceId' because it is null"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good, $null -RoleName bad-input-role } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-RoleName and -InstanceProfileName together'; Id = 'AmbiguousParameterSet'; Message = 'cannot be used together'
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -InstanceProfileName bad-input } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-NoCreate with -InstanceProfileName'; Id = 'AmbiguousParameterSet'; Message = 'cannot be used together'
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -InstanceProfileName bad-input -NoCreate } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a role name with a space'; Id = 'InvalidRoleName'; Message = "Role name 'bad input role' is invalid"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName 'bad input role' } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = 'an instance id of the wrong shape'; Id = 'InvalidInstanceId'; Message = "Instance id 'i-XYZ' is invalid"
            Command = { param($f) Register-InstanceProfile -InstanceId 'i-XYZ' -InstanceProfileName bad-input } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = '-InstanceProfileName and -InstanceProfileArn together'; Id = 'AmbiguousParameterSet'; Message = 'cannot be used together'
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileName bad-input -InstanceProfileArn $f.Arn } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = 'an ARN with a short account id'; Id = 'InvalidInstanceProfileArn'; Message = 'with a 12-digit account id'
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileArn 'arn:aws:iam::12345:instance-profile/bad-input' } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = "a role's ARN"; Id = 'InvalidInstanceProfileArn'; Message = "Instance profile ARN 'arn:aws:iam::123456789012:role/bad-input-role' is invalid"
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileArn 'arn:aws:iam::123456789012:role/bad-input-role' } }
        @{ Cmdlet = 'Unregister-InstanceProfile'; Case = 'neither an instance nor an association'; Id = 'InvalidParameter'; Message = 'Give -InstanceId, or -AssociationId'
            Command = { param($f) Unregister-InstanceProfile -Confirm:$false } }
        @{ Cmdlet = 'Unregister-InstanceProfile'; Case = 'an association id in upper case'; Id = 'InvalidAssociationId'; Message = "lowercase hexadecimal digits, such as 'iip-assoc-0123456789abcdef0'. Write it in lower case."
            Command = { param($f) Unregister-InstanceProfile -AssociationId $f.Association.ToUpperInvariant() -Confirm:$false } }
        @{ Cmdlet = 'Unregister-InstanceProfile'; Case = 'an empty instance id'; Id = 'InvalidInstanceId'; Message = "Instance id '' is invalid"
            Command = { param($f) Unregister-InstanceProfile -InstanceId '' -Confirm:$false } }
        @{ Cmdlet = 'Set-InstanceProfileAssociation'; Case = 'no profile to replace with'; Id = 'InvalidParameter'; Message = 'Give exactly one of -InstanceProfileName and -InstanceProfileArn'
            Command = { param($f) Set-InstanceProfileAssociation -AssociationId $f.Association } }
        @{ Cmdlet = 'Set-InstanceProfileAssociation'; Case = 'a profile name and an ARN together'; Id = 'InvalidParameter'; Message = 'Give exactly one of -InstanceProfileName and -InstanceProfileArn'
            Command = { param($f) Set-InstanceProfileAssociation -AssociationId $f.Association -InstanceProfileName bad-input -InstanceProfileArn $f.Arn } }
        @{ Cmdlet = 'Set-InstanceProfileAssociation'; Case = 'an association id with a leading space'; Id = 'InvalidAssociationId'; Message = 'Remove the white space around it.'
            Command = { param($f) Set-InstanceProfileAssociation -AssociationId " $($f.Association)" -InstanceProfileName bad-input } }
        @{ Cmdlet = 'Set-InstanceProfileAssociation'; Case = 'an ARN with a leading space'; Id = 'InvalidInstanceProfileArn'; Message = 'Remove the white space around it.'
            Command = { param($f) Set-InstanceProfileAssociation -AssociationId $f.Association -InstanceProfileArn " $($f.Arn)" } }
        @{ Cmdlet = 'Get-InstanceProfileAssociation'; Case = 'an association id of the wrong shape'; Id = 'InvalidAssociationId'; Message = "Association id 'iip-assoc-XYZ' is invalid: it must be 'iip-assoc-' followed by 17 (or 8)"
            Command = { param($f) Get-InstanceProfileAssociation -AssociationId 'iip-assoc-XYZ' } }
        @{ Cmdlet = 'Get-InstanceProfileAssociation'; Case = 'an instance id of 16 digits'; Id = 'InvalidInstanceId'; Message = "Instance id 'i-0123456789abcdef' is invalid"
            Command = { param($f) Get-InstanceProfileAssociation -InstanceId 'i-0123456789abcdef' } }
        @{ Cmdlet = 'Get-InstanceProfileAssociation'; Case = 'a state EC2 does not have'; Id = 'ParameterArgumentValidationError'; Message = 'The argument "running" does not belong to the set "associating,associated,disassociating,disassociated"'
            Command = { param($f) Get-InstanceProfileAssociation -State running } }

        # Objects from the pipeline without the property the cmdlet binds.
        @{ Cmdlet = 'Get-InstanceRole'; Case = 'a piped object without InstanceId'; Id = 'InvalidInstanceId'; Message = "Instance id '@{Name=web-1}' is invalid"
            Command = { param($f) [pscustomobject]@{ Name = 'web-1' } | Get-InstanceRole } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a piped object without InstanceId'; Id = 'InvalidInstanceId'; Message = "Instance id '@{Id=web-1}' is invalid"
            Command = { param($f) [pscustomobject]@{ Id = 'web-1' } | Set-InstanceRole -RoleName bad-input-role } }
        @{ Cmdlet = 'Get-InstanceProfile'; Case = 'a piped object whose InstanceProfileName is $null (it used to list every profile)'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'InstanceProfileName'. The argument is null or empty"
            Command = { param($f) [pscustomobject]@{ InstanceProfileName = $null } | Get-InstanceProfile } }
        @{ Cmdlet = 'Add-ProfileRole'; Case = 'a piped object with neither property'; Id = 'InputObjectNotBound'; Message = 'The input object cannot be bound to any parameters'
            Command = { param($f) [pscustomobject]@{ Name = 'bad-input' } | Add-ProfileRole -RoleName bad-input-role } }
        @{ Cmdlet = 'Add-ProfileRole'; Case = 'a piped object without RoleName'; Id = 'InputObjectMissingMandatory'; Message = 'did not contain the information required to bind all mandatory parameters:  RoleName'
            Command = { param($f) [pscustomobject]@{ InstanceProfileName = 'bad-input' } | Add-ProfileRole } }
        # Not Name: it is InstanceProfileName's alias on the tag cmdlets, so it binds.
        @{ Cmdlet = 'Remove-InstanceProfileTag'; Case = 'a piped object without InstanceProfileName (or its alias Name)'; Id = 'InputObjectNotBound'; Message = 'The input object cannot be bound to any parameters'
            Command = { param($f) [pscustomobject]@{ Profile = 'bad-input' } | Remove-InstanceProfileTag -TagKey env } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = 'a piped object whose InstanceId is empty'; Id = 'ParameterArgumentValidationErrorEmptyStringNotAllowed'; Message = "parameter 'InstanceId' because it is an empty string"
            Command = { param($f) [pscustomobject]@{ InstanceId = '' } | Register-InstanceProfile -InstanceProfileName bad-input } }
        @{ Cmdlet = 'Unregister-InstanceProfile'; Case = 'a piped object without InstanceId or AssociationId'; Id = 'InvalidInstanceId'; Message = "Instance id '@{Name=web-1}' is invalid"
            Command = { param($f) [pscustomobject]@{ Name = 'web-1' } | Unregister-InstanceProfile -Confirm:$false } }
        # Rollouts, journals and undo (issue 10).
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-Canary 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'Canary'. The 0 argument is less than the minimum allowed range of 1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -Canary 0 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-WaveSize 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'WaveSize'. The 0 argument is less than the minimum allowed range of 1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -WaveSize 0 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a negative -WavePause'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'WavePause'. The -1 argument is less than the minimum allowed range of 0"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -WaveSize 1 -WavePause -1 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a negative -MaxFailures'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'MaxFailures'. The -1 argument is less than the minimum allowed range of 0"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -MaxFailures -1 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = '-HealthCheckTimeout 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'HealthCheckTimeout'. The 0 argument is less than the minimum allowed range of 1"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -HealthCheck { $true } -HealthCheckTimeout 0 } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a $null -HealthCheck'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'HealthCheck'. The argument is null"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -HealthCheck $null } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'an empty -JournalPath'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'JournalPath'. The argument is null or empty"
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -JournalPath '' } }
        @{ Cmdlet = 'Set-InstanceRole'; Case = 'a -JournalPath in a folder that does not exist'; Id = 'InvalidParameter'; Message = 'cannot be opened for appending'
            Command = { param($f) Set-InstanceRole -InstanceId $f.Good -RoleName bad-input-role -JournalPath (Join-Path $TestDrive 'no/such/folder/j.jsonl') } }
        @{ Cmdlet = 'Register-InstanceProfile'; Case = 'a -JournalPath in a folder that does not exist'; Id = 'InvalidParameter'; Message = 'cannot be opened for appending'
            Command = { param($f) Register-InstanceProfile -InstanceId $f.Good -InstanceProfileName bad-input -JournalPath (Join-Path $TestDrive 'no/such/folder/j.jsonl') } }
        @{ Cmdlet = 'Undo-InstanceRole'; Case = 'a journal that does not exist'; Id = 'InvalidParameter'; Message = 'cannot be read'
            Command = { param($f) Undo-InstanceRole -JournalPath (Join-Path $TestDrive 'missing.jsonl') } }
        @{ Cmdlet = 'Undo-InstanceRole'; Case = 'an empty -JournalPath'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'JournalPath'. The argument is null or empty"
            Command = { param($f) Undo-InstanceRole -JournalPath '' } }
        @{ Cmdlet = 'Undo-InstanceRole'; Case = 'a file that is not a journal'; Id = 'InvalidParameter'; Message = 'is not a journal: none of its lines is a journal entry'
            Command = { param($f) $path = Join-Path $TestDrive 'not-a-journal.txt'; Set-Content $path "hello`nworld"; Undo-InstanceRole -JournalPath $path } }
        @{ Cmdlet = 'Undo-InstanceRole'; Case = '-ThrottleLimit 0'; Id = 'ParameterArgumentValidationError'; Message = "parameter 'ThrottleLimit'. The 0 argument is less than the minimum allowed range of 1"
            Command = { param($f) Undo-InstanceRole -JournalPath (Join-Path $TestDrive 'missing.jsonl') -ThrottleLimit 0 } }
        @{ Cmdlet = 'Undo-InstanceRole'; Case = 'an upper-case instance id'; Id = 'InvalidInstanceId'; Message = 'Write it in lower case'
            Command = { param($f) $path = Join-Path $TestDrive 'empty.jsonl'; Set-Content $path ''; $f.Good.ToUpperInvariant() | Undo-InstanceRole -JournalPath $path } }
        @{ Cmdlet = 'Undo-InstanceRole'; Case = 'an instance the journal did not change'; Id = 'InvalidParameter'; Message = 'has no change to undo'
            Command = { param($f) $path = Join-Path $TestDrive 'empty.jsonl'; Set-Content $path ''; $f.Good | Undo-InstanceRole -JournalPath $path } }
        @{ Cmdlet = 'Wait-InstanceProfile'; Case = 'a piped object without InstanceProfileName'; Id = 'InvalidInstanceProfileName'; Message = "Instance profile name '@{Profile=bad-input}' is invalid"
            Command = { param($f) [pscustomobject]@{ Profile = 'bad-input' } | Wait-InstanceProfile -Timeout 5 } }
    ) {
        $result = Invoke-Refused -Command $Command -Fixture $script:Fixture

        $result.Errors.Count | Should -Be 1 -Because 'one bad value is one error'
        $record = $result.Errors[0]
        Assert-ErrorRecord $record -Id $Id -Command $Cmdlet
        $record.Exception.Message | Should -Match ([regex]::Escape($Message))
        if ($Id -like 'Invalid*') {
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        $result.Output | Should -BeNullOrEmpty
        $result.Requests | Should -Be 0 -Because 'bad input is refused before any call'
    }
}

Describe 'bad input in a batch' {
    It 'Get-InstanceRole reads the good ids and fails the upper-case one alone' {
        $bad = $script:ForRead[2].ToUpperInvariant()
        $ids = @($script:ForRead[0..1]) + $bad + @($script:ForRead[3..4])

        $roles = @($ids | Get-InstanceRole -ErrorVariable err -ErrorAction SilentlyContinue)

        $roles.InstanceId | Should -Be @($script:ForRead[0..1] + $script:ForRead[3..4])
        $err | Should -HaveCount 1
        Assert-ErrorRecord $err -Id InvalidInstanceId -Command Get-InstanceRole -TargetObject $bad
        $err[0].Exception.Message | Should -Match 'Write it in lower case\.$'
    }

    It 'Set-InstanceRole changes the good instances and fails the one with a stray space alone' {
        $bad = "$($script:ForSet[1]) "
        $ids = $script:ForSet[0], $bad, $script:ForSet[2], $script:ForSet[3]

        $changes = @($ids | Set-InstanceRole -RoleName bad-input-role -ErrorVariable err -ErrorAction SilentlyContinue)

        @($changes.InstanceId | Sort-Object) | Should -Be @($script:ForSet[0], $script:ForSet[2], $script:ForSet[3] | Sort-Object)
        $changes.Changed | Should -Not -Contain $false
        foreach ($id in $script:ForSet[0], $script:ForSet[2], $script:ForSet[3]) { Get-EffectiveArn $id | Should -Be $script:Fixture.Arn }
        # Its trimmed twin was not touched: the bad id was refused, not repaired.
        Get-SandboxTimeline $script:ForSet[1] | Where-Object effectiveInstanceProfileArn | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        Assert-ErrorRecord $err -Id InvalidInstanceId -Command Set-InstanceRole -TargetObject $bad
    }

    It 'Register-InstanceProfile associates the good instances and fails each malformed id alone' {
        $ids = $script:ForRegister[0], 'i-XYZ', $script:ForRegister[1], 'web-1', $script:ForRegister[2]

        $associations = @($ids | Register-InstanceProfile -InstanceProfileName bad-input -ErrorVariable err -ErrorAction SilentlyContinue)

        $associations.InstanceId | Should -Be $script:ForRegister
        $associations.InstanceProfileName | Sort-Object -Unique | Should -Be 'bad-input'
        $err | Should -HaveCount 2
        foreach ($record in $err) { Assert-ErrorRecord $record -Id InvalidInstanceId -Command Register-InstanceProfile }
        $err.TargetObject | Should -Be @('i-XYZ', 'web-1')
    }

    It 'Get-InstanceProfileTag reads the good profile on both sides of a malformed name' {
        $names = 'bad-input', 'bad input', 'bad-input'

        $tags = @($names | Get-InstanceProfileTag -ErrorVariable err -ErrorAction SilentlyContinue)

        $tags | Should -HaveCount 4
        ($tags | Where-Object Key -EQ env).Value | Should -Be @('prod', 'prod')
        $err | Should -HaveCount 1
        Assert-ErrorRecord $err -Id InvalidInstanceProfileName -Command Get-InstanceProfileTag -TargetObject 'bad input'
    }
}
